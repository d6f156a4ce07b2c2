import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { TAG_TYPES } from './tag-types.js';
import type { TagType } from './tag-types.js';
import { tagKey } from './tag-key.js';
import { FIXED_TYPES, findOrCreateTag, mustGetTag } from './tag-rows.js';
import { makeCanonical, mergeTag, setParent } from './wrangle.js';
import { WranglingError } from './errors.js';
import { ChangeList } from './changes.js';
import type { MappingRow } from './mapping-format.js';

export interface RowError {
  line: number;
  message: string;
}

/**
 * Applies mapping rows in the caller's transaction, row by row: creates missing tags, makes
 * tags canonical or synonyms, adds fandom parents. Additive (nothing is unmerged or unlinked
 * that the file does not mention) and idempotent: a row that matches the archive changes
 * nothing and logs nothing. A row that cannot apply is reported and skipped.
 */
export async function applyMappingRows(trx: Kysely<Database>, rows: readonly { line: number; row: MappingRow }[], actor: string, out = new ChangeList()): Promise<{ changes: ChangeList; errors: RowError[] }> {
  const errors: RowError[] = [];
  for (const { line, row } of rows) {
    try {
      await applyRow(trx, row, actor, out);
    } catch (e) {
      if (!(e instanceof WranglingError)) throw e;
      errors.push({ line, message: `${row.type} "${row.tag}": ${e.message}` });
    }
  }
  return { changes: out, errors };
}

async function applyRow(trx: Kysely<Database>, row: MappingRow, actor: string, out: ChangeList): Promise<void> {
  const type = row.type;
  if (FIXED_TYPES.has(type)) {
    if (row.canonical !== '' && tagKey(row.canonical) !== tagKey(row.tag)) throw new WranglingError('fixed_tag', `${type} tags are a fixed set and always canonical`);
    if (row.fandom !== '') throw new WranglingError('bad_parent', `${type} tags have no fandom`);
    const t = await findOrCreateTag(trx, type, row.tag);
    if (t.created) throw new WranglingError('fixed_tag', `no such ${type} tag; they are a fixed set`);
    return;
  }
  const { tag, created } = await findOrCreateTag(trx, type, row.tag);
  if (created) out.note(`create ${type} "${tag.name}"`, tag.id);
  if (row.canonical !== '') {
    if (tagKey(row.canonical) === tagKey(row.tag)) {
      out.add(await makeCanonical(trx, tag.id, actor), `${type} "${tag.name}": canonical`);
    } else {
      const target = await findOrCreateTag(trx, type, row.canonical);
      if (target.created) out.note(`create ${type} "${target.tag.name}"`, target.tag.id);
      out.add(await mergeTag(trx, tag.id, target.tag.id, actor), `${type} "${tag.name}": synonym of "${target.tag.name}"`);
    }
  }
  if (row.fandom !== '') {
    const f = await findOrCreateTag(trx, 'fandom', row.fandom);
    if (f.created) out.note(`create fandom "${f.tag.name}"`, f.tag.id);
    if (f.tag.merger_id === null) out.add(await makeCanonical(trx, f.tag.id, actor), `fandom "${f.tag.name}": canonical`);
    const now = await mustGetTag(trx, tag.id);
    const child = now.merger_id ?? now.id;
    const parent = f.tag.merger_id ?? f.tag.id;
    const childName = (await mustGetTag(trx, child)).name;
    const parentName = (await mustGetTag(trx, parent)).name;
    out.add(await setParent(trx, parent, child, actor), `${type} "${childName}": ${type === 'fandom' ? 'sub tag' : 'in fandom'} of "${parentName}"`);
  }
}

/**
 * The archive's wrangling as mapping rows: every canonical tag (one row per fandom parent,
 * or one row with no fandom) and every synonym, fixed types and unwrangled tags left out,
 * by type then name. Applying them to the same archive changes nothing.
 * Same-type meta links other than a fandom's parent fandom are not part of this format.
 */
export async function exportMappingRows(db: Kysely<Database>): Promise<MappingRow[]> {
  const tags = await db
    .selectFrom('tags as t')
    .leftJoin('tags as m', 'm.id', 't.merger_id')
    .select(['t.id', 't.type', 't.name', 't.name_key', 't.canonical', 't.merger_id', 'm.name as merger_name'])
    .where('t.type', 'not in', ['rating', 'warning', 'category'])
    .where((eb) => eb.or([eb('t.canonical', '=', 1), eb('t.merger_id', 'is not', null)]))
    .execute();
  const links = await db
    .selectFrom('tag_parents as tp')
    .innerJoin('tags as p', 'p.id', 'tp.parent_id')
    .select(['tp.child_id', 'p.name'])
    .where('p.type', '=', 'fandom')
    .execute();
  const fandomsOf = new Map<number, string[]>();
  for (const l of links) fandomsOf.set(l.child_id, [...(fandomsOf.get(l.child_id) ?? []), l.name]);
  const order = (t: string) => TAG_TYPES.indexOf(t as TagType);
  tags.sort((a, b) => order(a.type) - order(b.type) || (a.name_key < b.name_key ? -1 : a.name_key > b.name_key ? 1 : a.id - b.id));
  const rows: MappingRow[] = [];
  for (const t of tags) {
    const type = t.type as TagType;
    if (t.merger_id !== null) {
      rows.push({ tag: t.name, type, canonical: t.merger_name ?? '', fandom: '' });
      continue;
    }
    const fandoms = (fandomsOf.get(t.id) ?? []).sort((a, b) => (tagKey(a) < tagKey(b) ? -1 : 1));
    if (fandoms.length === 0) rows.push({ tag: t.name, type, canonical: t.name, fandom: '' });
    for (const f of fandoms) rows.push({ tag: t.name, type, canonical: t.name, fandom: f });
  }
  return rows;
}
