import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { listFixtures } from './fixture-files.js';
import { ImportRecordSchema, parseImportMap, parseLegacyFile } from './index.js';

// Goldens are reviewed by hand; UPDATE_GOLDEN=1 rewrites them for that review.
const UPDATE = process.env.UPDATE_GOLDEN === '1';

describe('legacy fixtures: full import record per header shape', () => {
  for (const fx of listFixtures()) {
    it(fx.name, () => {
      const map = fx.mapYaml === null ? undefined : parseImportMap(fx.mapYaml);
      const works = parseLegacyFile(fx.bytes, fx.name, map ? { map } : {});
      for (const w of works) expect(ImportRecordSchema.safeParse(w.record).success).toBe(true);
      // One work per file is the norm; a collection file's golden is the list of its records.
      const record = works.length === 1 ? works[0]?.record : works.map((w) => w.record);
      if (UPDATE || !existsSync(fx.goldenPath)) writeFileSync(fx.goldenPath, `${JSON.stringify(record, null, 2)}\n`);
      expect(record).toEqual(JSON.parse(readFileSync(fx.goldenPath, 'utf8')));
    });
  }
});

describe('fixture coverage', () => {
  it('has a fixture for every header shape the issue lists', () => {
    const shapes = new Set(listFixtures().map((f) => f.name.split('/')[0]));
    for (const s of ['bare-header', 'separators', 'next-line-values', 'run-together', 'by-line', 'banner', 'pre-title-notes',
      'part-counters', 'related', 'usenet', 'blog', 'forum', 'efiction', 'ao3', 'markdown', 'encodings', 'combined-labels',
      'footers', 'warnings', 'ratings', 'chapters', 'import-map']) {
      expect(shapes, s).toContain(s);
    }
  });
});
