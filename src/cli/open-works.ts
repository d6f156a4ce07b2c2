import { openDb } from '../db/connect.js';
import type { StoreTarget } from '../db/connect.js';
import { createWorkService } from '../works/index.js';

/** Opens the archive and its works service: what most commands start with. */
export async function openWorks(target: StoreTarget) {
  const db = await openDb(target);
  return { db, works: createWorkService(db) };
}
