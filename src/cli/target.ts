import type { StoreTarget } from '../db/connect.js';

export interface GlobalOptions {
  data?: string;
  database?: string;
  readDatabase?: string;
}

/** --database (or DATABASE_URL) wins over --data (or FANFOLD_DATA, default ./data). */
export function storeTarget(o: GlobalOptions, env: NodeJS.ProcessEnv = process.env): StoreTarget {
  const databaseUrl = o.database ?? env.DATABASE_URL;
  const readUrl = o.readDatabase ?? env.DATABASE_READ_URL;
  if (databaseUrl) return readUrl ? { databaseUrl, readUrl } : { databaseUrl };
  return { dataDir: o.data ?? env.FANFOLD_DATA ?? './data' };
}

/** Messages and progress go to stderr; stdout carries only a command's data. */
export const say = (msg: string): void => {
  process.stderr.write(msg + '\n');
};
