/**
 * Legacy story-file parsing: pure functions from one file's bytes (and path) to import
 * records. No I/O and no database; the importer wires these to folders, zips and stores.
 */
export { ImportRecordSchema, RatingSchema, RATINGS, ARCHIVE_WARNINGS, CATEGORIES } from './record-schema.js';
export type { ImportRecord, Rating, ArchiveWarning, Category, Relation } from './record-schema.js';
export type { ImportProblem, ParsedChapter, ParsedWork } from './types.js';
export { decodeLegacyBytes, repairMojibake } from './decode.js';
export type { DecodedText } from './decode.js';
export { parseLegacyFile } from './parse-file.js';
export type { ParseOptions } from './parse-file.js';
export { mapRating } from './rating.js';
export type { RatingResult } from './rating.js';
export { mapWarnings } from './warnings.js';
export type { WarningsResult } from './warnings.js';
export { ImportMapSchema, parseImportMap } from './import-map.js';
export type { ImportMap } from './import-map.js';
