import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/connect.js';
import { availableKinds, makeStore } from '../../test/support/databases.js';
import type { TestStore } from '../../test/support/databases.js';
import { workInput } from '../../test/support/work-input.js';
import { createWorkService } from '../works/index.js';
import type { WorkInput, WorkService } from '../works/index.js';
import { GUEST } from '../accounts/viewer.js';
import { SAMPLES_DIR } from '../paths.js';
import { createTagService, WranglingError } from './index.js';
import type { TagService, TagsChangedEvent } from './index.js';
import type { TagType } from './tag-types.js';

const dictionary = (file: string) => readFileSync(join(SAMPLES_DIR, 'fandoms', file), 'utf8');
const VELL = 'The Cartographers of Vell (Novels)';
const EMBER = 'Emberfall: Hollow Crown (Video Game)';

describe.each(await availableKinds())('tag wrangling on %s', (kind) => {
  let store: TestStore;
  let db: Db;
  let works: WorkService;
  let tags: TagService;
  const events: TagsChangedEvent[] = [];

  beforeAll(async () => {
    store = await makeStore(kind);
    db = await store.open();
    works = createWorkService(db);
    tags = createTagService(db);
    tags.onTagsChanged((e) => events.push(e));
  });
  afterAll(() => store.cleanup());

  const save = (title: string, over: Partial<WorkInput>) => works.save(workInput({ title, characters: [], freeforms: [], ...over }));
  const id = async (type: TagType, name: string) => {
    const t = await tags.find(type, name);
    if (!t) throw new Error(`no ${type} tag ${name}`);
    return t.id;
  };
  /** Titles of the works a filter on this tag lists, sorted. */
  const listed = async (type: TagType, name: string) => {
    const res = await works.list(GUEST, { tagIds: await tags.filterTagIds([await id(type, name)]) }, { page: 1, perPage: 100 });
    return (await works.blurbs(res.ids)).map((b) => b.title).sort();
  };

  it('a synonym merge moves every work to the canonical filter at once, and the work keeps its tags as written', async () => {
    const a = await save('Spillow One', { fandoms: ['Sunnydale Stories'], relationships: ['Spillow'] });
    await save('Spillow Two', { fandoms: ['Sunnydale Stories'], relationships: ['Spike/Willow Rosenberg'] });
    expect(await listed('relationship', 'Spike/Willow Rosenberg')).toEqual(['Spillow Two']);
    events.length = 0;
    const before = await db.kysely.selectFrom('work_tags').selectAll().orderBy('work_id').orderBy('tag_id').execute();
    const applied = await tags.merge(await id('relationship', 'Spillow'), await id('relationship', 'Spike/Willow Rosenberg'), 'wrangler-ann');
    expect(applied).not.toBeNull();
    expect(await listed('relationship', 'Spike/Willow Rosenberg')).toEqual(['Spillow One', 'Spillow Two']);
    expect(await listed('relationship', 'Spillow')).toEqual(['Spillow One', 'Spillow Two']);
    // No work row was touched: the merge costs O(tags affected).
    expect(await db.kysely.selectFrom('work_tags').selectAll().orderBy('work_id').orderBy('tag_id').execute()).toEqual(before);
    expect(events).toHaveLength(1);
    expect(events[0]?.tagIds).toEqual(expect.arrayContaining([await id('relationship', 'Spillow'), await id('relationship', 'Spike/Willow Rosenberg')]));
    expect((await works.get(a))?.relationships).toEqual(['Spillow']);
    const log = await tags.log({ tagId: await id('relationship', 'Spillow') });
    expect(log[0]).toMatchObject({ actor: 'wrangler-ann', action: 'merge' });
    // Merging again changes nothing and logs nothing.
    expect(await tags.merge(await id('relationship', 'Spillow'), await id('relationship', 'Spike/Willow Rosenberg'), 'wrangler-ann')).toBeNull();
  });

  it('refuses merges across types, of fixed tags and into itself, with stable codes', async () => {
    const fandom = await id('fandom', 'Sunnydale Stories');
    const rel = await id('relationship', 'Spillow');
    await expect(tags.merge(rel, fandom, 'x')).rejects.toMatchObject({ code: 'type_mismatch' });
    await expect(tags.merge(await id('rating', 'Mature'), await id('rating', 'Explicit'), 'x')).rejects.toMatchObject({ code: 'fixed_tag' });
    await expect(tags.merge(fandom, fandom, 'x')).rejects.toBeInstanceOf(WranglingError);
  });

  it('meta tags: a sub-fandom’s works appear under the parent fandom, a synonym’s works under its canonical and the parent', async () => {
    const changes = await tags.loadDictionary(dictionary('emberfall-hollow-crown.yaml'), 'cli');
    expect(changes.map((c) => c.text)).toContain(`fandom "${EMBER}" is a sub tag of "Emberfall (Video Games)"`);
    await save('Ash Gate', { fandoms: [EMBER] });
    await save('Written As EHC', { fandoms: ['EHC'] });
    await save('Just The Series', { fandoms: ['Emberfall (Video Games)'] });
    expect(await listed('fandom', 'Emberfall (Video Games)')).toEqual(['Ash Gate', 'Just The Series', 'Written As EHC']);
    expect(await listed('fandom', EMBER)).toEqual(['Ash Gate', 'Written As EHC']);
    expect(await listed('fandom', 'EHC')).toEqual(['Ash Gate', 'Written As EHC']);
    // Characters belong to the fandom but do not pull their works into it.
    await save('Only Kestrel', { fandoms: ['Somewhere Else'], characters: ['Kestrel Ashdown'] });
    expect(await listed('fandom', EMBER)).not.toContain('Only Kestrel');
    const closure = await tags.loadTagClosure();
    const parent = await id('fandom', 'Emberfall (Video Games)');
    expect(closure.filterIds.get(parent)).toEqual(await tags.filterTagIds([parent]));
    expect(closure.filtersOf.get(await id('fandom', 'EHC'))).toEqual([parent, await id('fandom', EMBER)].sort((x, y) => x - y));
    const some = await tags.filtersOfTags([await id('fandom', 'EHC'), await id('character', 'Kestrel Ashdown')]);
    expect(some.get(await id('fandom', 'EHC'))).toEqual(closure.filtersOf.get(await id('fandom', 'EHC')));
    expect(some.get(await id('character', 'Kestrel Ashdown'))).toEqual([await id('character', 'Kestrel Ashdown')]);
  });

  it('fandom counts are by canonical tag with meta-tag inheritance, each work once', async () => {
    const counts = await tags.counts(GUEST, 'fandom');
    const count = (name: string) => counts.find((c) => c.name === name)?.count;
    expect(count('Emberfall (Video Games)')).toBe(3);
    expect(count(EMBER)).toBe(2);
    expect(count('EHC')).toBeUndefined();
  });

  it('order of A/B: the second spelling becomes a synonym of the first (logged as system, undoable); A & B stays apart', async () => {
    await save('First Seen', { relationships: ['Willow/Spike'] });
    await save('Reversed', { relationships: ['Spike/Willow'] });
    await save('Platonic', { relationships: ['Spike & Willow'] });
    const first = await tags.find('relationship', 'Willow/Spike');
    const second = await tags.find('relationship', 'Spike/Willow');
    expect(first).toMatchObject({ canonical: 1, merger_id: null });
    expect(second).toMatchObject({ canonical: 0, merger_id: first?.id });
    expect(await tags.find('relationship', 'Spike & Willow')).toMatchObject({ canonical: 0, merger_id: null });
    expect(await listed('relationship', 'Willow/Spike')).toEqual(['First Seen', 'Reversed']);
    const entry = (await tags.log({ tagId: second?.id as number }))[0];
    expect(entry).toMatchObject({ actor: 'system', action: 'auto-merge' });
    await tags.undo(entry?.id as number, 'wrangler-ann');
    expect(await tags.find('relationship', 'Spike/Willow')).toMatchObject({ canonical: 0, merger_id: null });
    expect(await tags.find('relationship', 'Willow/Spike')).toMatchObject({ canonical: 0, merger_id: null });
    expect(await listed('relationship', 'Willow/Spike')).toEqual(['First Seen']);
  });

  it('initials expand with a fandom dictionary, also through a fandom synonym and nicknames', async () => {
    await tags.loadDictionary(dictionary('cartographers-of-vell.yaml'), 'cli');
    await save('Initials', { fandoms: [VELL], relationships: ['I/T'] });
    await save('Via Alias', { fandoms: ['CoV'], relationships: ['Izzy/Tam'] });
    await save('Reversed Initials', { fandoms: [VELL], relationships: ['TO/IT'] });
    const full = await tags.find('relationship', 'Ismay Thorne/Tamsin Oduya');
    expect(full).toMatchObject({ canonical: 1 });
    for (const written of ['I/T', 'Izzy/Tam', 'TO/IT']) {
      expect(await tags.find('relationship', written)).toMatchObject({ merger_id: full?.id });
    }
    expect(await listed('relationship', 'Ismay Thorne/Tamsin Oduya')).toEqual(['Initials', 'Reversed Initials', 'Via Alias']);
    const info = await tags.tagInfo('Ismay Thorne/Tamsin Oduya');
    expect(info?.parents.map((p) => p.name)).toEqual([VELL]);
    expect(info?.synonyms.map((s) => s.name).sort()).toEqual(['I/T', 'Izzy/Tam', 'TO/IT']);
    // Without a dictionary for the work's fandom, initials stay as they are.
    await save('No Dictionary', { fandoms: ['Sunnydale Stories'], relationships: ['X/Y'] });
    expect(await tags.find('relationship', 'X/Y')).toMatchObject({ canonical: 0, merger_id: null });
  });

  it('ambiguous initials are never guessed: the tag is queued with every candidate pairing', async () => {
    await save('Ambiguous', { fandoms: [VELL], relationships: ['T/C'] });
    const tc = await tags.find('relationship', 'T/C');
    expect(tc).toMatchObject({ canonical: 0, merger_id: null });
    const queue = await tags.queue({ fandom: VELL });
    const entry = queue?.find((e) => e.name === 'T/C');
    expect(entry).toMatchObject({ type: 'relationship', works: 1, fandoms: [VELL] });
    expect(entry?.suggestions.filter((s) => s.reason === 'initials').map((s) => s.name).sort()).toEqual(['Tamsin Oduya/Celeste Marr', 'Tamsin Oduya/Corwin Hale']);
    expect(await tags.queue({ fandom: 'No Such Fandom' })).toBeNull();
  });

  it('loading a dictionary wrangles what was already there, and loading it again changes nothing', async () => {
    await save('Before The Dictionary', { fandoms: ['OG9'], relationships: ['M/R'], characters: ['Priya Lindqvist'] });
    expect(await tags.find('relationship', 'M/R')).toMatchObject({ merger_id: null });
    const first = await tags.loadDictionary(dictionary('orbital-greenhouse-9.yaml'), 'cli');
    expect(first.length).toBeGreaterThan(0);
    const mr = await tags.find('relationship', 'M/R');
    expect(mr?.merger_id).toBe(await id('relationship', 'Marcus Delacroix/Rafe Calloway'));
    expect(await listed('fandom', 'Orbital Greenhouse 9 (TV)')).toEqual(['Before The Dictionary']);
    for (const file of readdirSync(join(SAMPLES_DIR, 'fandoms'))) {
      expect(await tags.loadDictionary(dictionary(file), 'cli'), file).toEqual([]);
    }
    await expect(tags.loadDictionary('fandom: X\nunknown: 1\n', 'cli')).rejects.toMatchObject({ code: 'bad_dictionary' });
  });

  it('bulk apply: a dry run changes nothing, applying twice changes nothing the second time', async () => {
    const rows = [
      { tag: 'Buffy the Vampire Slayer', type: 'fandom' as const, canonical: 'Buffy the Vampire Slayer', fandom: 'Buffyverse' },
      { tag: 'BtVS', type: 'fandom' as const, canonical: 'Buffy the Vampire Slayer', fandom: '' },
      { tag: 'Sunnydale Stories', type: 'fandom' as const, canonical: 'Buffy the Vampire Slayer', fandom: '' },
      { tag: 'Spike/Willow Rosenberg', type: 'relationship' as const, canonical: 'Spike/Willow Rosenberg', fandom: 'Buffy the Vampire Slayer' },
      { tag: 'Mature', type: 'rating' as const, canonical: 'Explicit', fandom: '' },
    ];
    const exportBefore = await tags.exportMapping();
    const logBefore = (await tags.log({ limit: 1000 })).length;
    events.length = 0;
    const dry = await tags.applyMapping(rows, { dryRun: true, actor: 'cli' });
    expect(dry.changes.map((c) => c.text)).toContain('fandom "Sunnydale Stories": synonym of "Buffy the Vampire Slayer"');
    expect(dry.errors).toEqual([{ line: 5, message: expect.stringContaining('fixed set') }]);
    expect(await tags.exportMapping()).toEqual(exportBefore);
    expect((await tags.log({ limit: 1000 })).length).toBe(logBefore);
    expect(await tags.find('fandom', 'BtVS')).toBeNull();
    expect(events).toEqual([]);

    const real = await tags.applyMapping(rows, { actor: 'cli' });
    expect(real.changes.map((c) => c.text)).toEqual(dry.changes.map((c) => c.text));
    expect(await listed('fandom', 'Buffyverse')).toEqual(expect.arrayContaining(['Spillow One', 'Spillow Two', 'No Dictionary']));
    expect(events).toHaveLength(1);
    const again = await tags.applyMapping(rows, { actor: 'cli' });
    expect(again.changes).toEqual([]);
  });

  it('export → apply on the same archive changes nothing; the CSV and YAML forms read back the same rows', async () => {
    const { formatMapping, parseMapping } = await import('./mapping-format.js');
    const rows = await tags.exportMapping();
    expect(rows.length).toBeGreaterThan(10);
    for (const format of ['yaml', 'csv'] as const) {
      const parsed = parseMapping(formatMapping(rows, format), format);
      expect(parsed.errors).toEqual([]);
      expect(parsed.rows.map((r) => r.row)).toEqual(rows);
      const res = await tags.applyMapping(parsed.rows, { actor: 'cli' });
      expect(res).toEqual({ changes: [], errors: [] });
    }
    expect(await tags.exportMapping()).toEqual(rows);
  });

  it('undo restores the state before a merge, including moved synonyms and parents; conflicts are refused', async () => {
    await save('Xander Work', { fandoms: ['Buffy the Vampire Slayer'], characters: ['Xander Harris'] });
    await save('Xan Work', { fandoms: ['Buffy the Vampire Slayer'], characters: ['Xan'] });
    const xander = await id('character', 'Xander Harris');
    const xan = await id('character', 'Xan');
    await tags.makeCanonical(xander, 'ann');
    await tags.setParent(await id('fandom', 'Buffy the Vampire Slayer'), xander, 'ann');
    const merged = await tags.merge(xander, xan, 'ann'); // the "wrong way round": Xan becomes canonical
    expect(await listed('character', 'Xan')).toEqual(['Xan Work', 'Xander Work']);
    expect((await tags.tagInfo('Xan'))?.parents.map((p) => p.name)).toEqual(['Buffy the Vampire Slayer']);
    await tags.undo(merged?.logId as number, 'ann');
    expect(await tags.find('character', 'Xander Harris')).toMatchObject({ canonical: 1, merger_id: null });
    expect(await tags.find('character', 'Xan')).toMatchObject({ canonical: 0, merger_id: null });
    expect((await tags.tagInfo('Xander Harris'))?.parents.map((p) => p.name)).toEqual(['Buffy the Vampire Slayer']);
    expect(await listed('character', 'Xander Harris')).toEqual(['Xander Work']);
    await expect(tags.undo(merged?.logId as number, 'ann')).rejects.toMatchObject({ code: 'already_undone' });

    const again = await tags.merge(xan, xander, 'ann');
    await tags.makeCanonical(xan, 'bob'); // a later change to the same tag
    await expect(tags.undo(again?.logId as number, 'ann')).rejects.toMatchObject({ code: 'undo_conflict' });

    // Undoing "make canonical" of a tag that has gained synonyms since would orphan them: refused, nothing written.
    const canon = await tags.makeCanonical(await id('character', 'Tamsin Oduya'), 'ann');
    expect(canon).toBeNull(); // the dictionary made it canonical already
    const made = (await tags.log({ tagId: await id('character', 'Tamsin Oduya'), limit: 100 })).find((e) => e.action === 'make-canonical');
    await tags.merge(await id('character', 'Xander Harris'), await id('character', 'Xan'), 'ann'); // unrelated change
    await save('Tam Work', { characters: ['Tam'] });
    await tags.merge(await id('character', 'Tam'), await id('character', 'Tamsin Oduya'), 'ann');
    await expect(tags.undo(made?.id as number, 'ann')).rejects.toMatchObject({ code: 'undo_conflict' });
    expect(await tags.find('character', 'Tamsin Oduya')).toMatchObject({ canonical: 1 });
  });

  it('an importer links a sub-category under its category: both become canonical, the sub-category’s works count under the parent', async () => {
    await save('In The Sub Category', { fandoms: ['Imported Sub Category'] });
    await save('In The Category', { fandoms: ['Imported Category'] });
    const { linkAsMetaTag } = await import('./index.js');
    const [parent, child] = [await id('fandom', 'Imported Category'), await id('fandom', 'Imported Sub Category')];
    await db.kysely.transaction().execute(async (trx) => {
      await linkAsMetaTag(trx, parent, child, 'import');
      await linkAsMetaTag(trx, parent, child, 'import');
    });
    expect(await listed('fandom', 'Imported Category')).toEqual(['In The Category', 'In The Sub Category']);
    expect((await tags.log({ tagId: await id('fandom', 'Imported Sub Category') })).map((e) => e.actor)).toEqual(['import', 'import']);
  });

  it('parents: meta loops and wrong-type parents are refused', async () => {
    const buffy = await id('fandom', 'Buffy the Vampire Slayer');
    const verse = await id('fandom', 'Buffyverse');
    await expect(tags.setParent(buffy, verse, 'ann')).rejects.toMatchObject({ code: 'cycle' });
    await expect(tags.setParent(await id('character', 'Xander Harris'), buffy, 'ann')).rejects.toMatchObject({ code: 'bad_parent' });
    await expect(tags.setParent(buffy, await id('relationship', 'T/C'), 'ann')).rejects.toMatchObject({ code: 'not_canonical' });
  });

  it('suggests similar canonical tags by spelling and by co-occurrence', async () => {
    await save('Typo', { fandoms: [VELL], characters: ['Ismay Thorn', 'Corwin Hale'] });
    const s = await tags.suggestions(await id('character', 'Ismay Thorn'));
    expect(s.find((x) => x.reason === 'spelling')).toMatchObject({ name: 'Ismay Thorne' });
    expect(s.filter((x) => x.reason === 'co-occurrence').map((x) => x.name)).toContain('Corwin Hale');
    await save('Pairing Nobody Can Read', { fandoms: [VELL], relationships: ['Tamcel'], characters: ['Celeste Marr', 'Tamsin Oduya'] });
    await save('Pairing Written Out', { fandoms: [VELL], relationships: ['Tamsin Oduya/Celeste Marr'], characters: ['Tamsin Oduya', 'Celeste Marr'] });
    await tags.makeCanonical(await id('relationship', 'Tamsin Oduya/Celeste Marr'), 'ann');
    const tamcel = await tags.suggestions(await id('relationship', 'Tamcel'));
    expect(tamcel).toContainEqual(expect.objectContaining({ name: 'Tamsin Oduya/Celeste Marr', reason: 'co-occurrence' }));
  });

  it('autocomplete lists canonical tags first; tag info shows synonyms, parents, sub tags and related tags', async () => {
    const ac = await tags.autocomplete('spi');
    expect(ac[0]).toMatchObject({ canonical: true });
    expect(ac.map((r) => r.name)).toEqual(expect.arrayContaining(['Spike/Willow Rosenberg', 'Spillow']));
    expect(ac.findIndex((r) => !r.canonical)).toBeGreaterThan(ac.findIndex((r) => r.canonical));
    expect(await tags.autocomplete('willow', 'relationship')).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'Willow/Spike' })]));
    expect(await tags.autocomplete('%')).toEqual([]);
    const info = await tags.tagInfo('Emberfall (Video Games)');
    expect(info).toMatchObject({ status: 'canonical', type: 'fandom' });
    expect(info?.subTags.map((t) => t.name)).toEqual([EMBER]);
    const sub = await tags.tagInfo(EMBER);
    expect(sub?.synonyms.map((t) => t.name)).toEqual(expect.arrayContaining(['EHC', 'Emberfall', 'Hollow Crown']));
    expect(sub?.children.map((t) => t.name)).toContain('Kestrel Ashdown');
    const vell = await tags.tagInfo('Ismay Thorne/Tamsin Oduya');
    expect(vell?.related.map((t) => t.name)).toContain(VELL);
    expect((await tags.tagInfo('I/T'))?.canonical?.name).toBe('Ismay Thorne/Tamsin Oduya');
  });
});
