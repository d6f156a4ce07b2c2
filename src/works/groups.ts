import type { Kysely } from 'kysely';
import type { Viewer } from '../accounts/viewer.js';
import { listedWhere } from './visibility.js';
import type { Database } from '../db/schema.js';

/** Series and collections: the named groups a work can belong to. */
export async function getSeries(db: Kysely<Database>, id: number) {
  return db.selectFrom('series').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function getCollection(db: Kysely<Database>, name: string) {
  return db.selectFrom('collections').selectAll().where('name', '=', name).executeTakeFirst();
}

export async function listCollections(db: Kysely<Database>) {
  return db.selectFrom('collections').select(['name', 'title', 'description']).orderBy('title').execute();
}

/** The works of a series a viewer may see, in series order: for previous/next work links. */
export async function seriesEntries(db: Kysely<Database>, seriesId: number, viewer: Viewer) {
  return db
    .selectFrom('series_works as sw')
    .innerJoin('works', 'works.id', 'sw.work_id')
    .where('sw.series_id', '=', seriesId)
    .where((eb) => listedWhere(eb, viewer))
    .select(['works.id', 'works.title', 'sw.position'])
    .orderBy('sw.position')
    .orderBy('works.published_at')
    .orderBy('works.id')
    .execute();
}
