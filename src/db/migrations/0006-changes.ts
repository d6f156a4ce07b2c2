import type { Kysely } from 'kysely';
import type { DialectInfo } from '../dialect.js';
import { idColumn } from '../dialect.js';

/**
 * 0006: the change log. Every write that changes what readers can find (a work saved, taken
 * down or deleted; wrangling) appends a row in the same transaction, so every process that
 * keeps an in-memory index — several web workers, servers on other machines, a server while
 * a CLI import runs — can follow the archive exactly, missing nothing.
 */
export function migration0006(d: DialectInfo) {
  const id = idColumn(d);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return async (db: Kysely<any>): Promise<void> => {
    await db.schema
      .createTable('change_log')
      .addColumn('seq', 'integer', id)
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('work_id', 'integer')
      .addColumn('at', 'text', (c) => c.notNull())
      .execute();
  };
}
