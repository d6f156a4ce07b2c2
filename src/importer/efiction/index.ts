export { parseMysqlDump, tableRows, SqlSyntaxError } from './parse-dump.js';
export type { MysqlDump, DumpTable, DumpProblem, InsertBatch, SqlValue } from './parse-dump.js';
export { readEfictionArchive } from './efiction-to-archive.js';
export type {
  EfictionArchive,
  EfictionAuthor,
  EfictionBookmark,
  EfictionComment,
  EfictionProblem,
  EfictionWork,
  ReadEfictionOptions,
} from './efiction-to-archive.js';
export type { EfictionSeries } from './series.js';
export type { ReadFile } from './chapter-body.js';
export { EfictionMapSchema } from './map-schema.js';
export type { EfictionMap } from './map-schema.js';
export { toImportRecord } from './import-record.js';
export { generateEfictionDump } from './generate-dump.js';
export type { GenerateEfictionOptions, GeneratedDump } from './generate-dump.js';
export { storyTraits } from './generate-traits.js';
export type { StoryTraits } from './generate-traits.js';
