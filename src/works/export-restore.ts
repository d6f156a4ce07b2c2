import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Db } from '../db/connect.js';
import { creatorKey } from '../accounts/creator-store.js';
import { getProvenance, getWork } from './read-work.js';
import { ExportRecordSchema, fromExportRecord, toExportRecord } from './export-record.js';
import type { WorkInput } from './model.js';
import { saveWork } from './save-work.js';

/** Writes every non-deleted work as one JSON line, by id. Returns the number written. */
export async function exportWorks(db: Db, out: Writable): Promise<number> {
  let lastId = 0;
  let n = 0;
  for (;;) {
    const batch = await db.kysely
      .selectFrom('works')
      .select('id')
      .where('id', '>', lastId)
      .where('deleted_at', 'is', null)
      .orderBy('id')
      .limit(200)
      .execute();
    if (batch.length === 0) return n;
    for (const { id } of batch) {
      const work = await getWork(db.kysely, id);
      if (!work) continue;
      const line = JSON.stringify(toExportRecord(work, await getProvenance(db.kysely, id))) + '\n';
      if (!out.write(line)) await new Promise((r) => out.once('drain', r));
      n++;
      lastId = id;
    }
  }
}

export interface RestoreProblem {
  line: number;
  message: string;
}

export interface RestoreReport {
  restored: number;
  failed: RestoreProblem[];
}

/**
 * Restores export lines exactly, ids and dates included. Each line is validated and written
 * in its own transaction: a bad line is reported by number and skipped, the others land, and
 * re-running the same file changes nothing.
 */
export async function restoreWorks(db: Db, input: Readable, onProgress?: (n: number) => void): Promise<RestoreReport> {
  const report: RestoreReport = { restored: 0, failed: [] };
  const lines = createInterface({ input, crlfDelay: Infinity });
  let lineNo = 0;
  for await (const text of lines) {
    lineNo++;
    if (text.trim() === '') continue;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      report.failed.push({ line: lineNo, message: `bad JSON: ${(e as Error).message}` });
      continue;
    }
    const parsed = ExportRecordSchema.safeParse(json);
    if (!parsed.success) {
      const msg = parsed.error.issues
        .map((i) => `${i.path.length > 0 ? i.path.join('.') : 'record'}: ${i.message}`)
        .join('; ');
      report.failed.push({ line: lineNo, message: msg });
      continue;
    }
    try {
      const creators = await resolveCreators(db.kysely, parsed.data.creators);
      await saveWork(db.kysely, db.dialect, fromExportRecord(parsed.data, creators));
      report.restored++;
      onProgress?.(report.restored);
    } catch (e) {
      report.failed.push({ line: lineNo, message: (e as Error).message });
    }
  }
  return report;
}

/** A name that is exactly one account's pseud goes back to it; any other is a legacy author. */
async function resolveCreators(db: Kysely<Database>, names: string[]): Promise<WorkInput['creators']> {
  const out: WorkInput['creators'] = [];
  for (const name of names) {
    const pseuds = await db.selectFrom('pseuds').select('id').where('name_key', '=', creatorKey(name)).limit(2).execute();
    const only = pseuds.length === 1 ? pseuds[0] : undefined;
    out.push(only ? { kind: 'pseud', pseudId: only.id } : { kind: 'legacy', name });
  }
  return out;
}
