import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ImportRecordSchema } from '../parse/record-schema.js';
import { readEfictionArchive, toImportRecord } from './index.js';

const dir = fileURLToPath(new URL('../../../test/fixtures/efiction/small-site/', import.meta.url));

function readBeside(rel: string): Uint8Array | null {
  try {
    return readFileSync(dir + rel);
  } catch {
    return null;
  }
}

describe('hand-written eFiction backup fixture', () => {
  const archive = readEfictionArchive(readFileSync(`${dir}backup.sql`, 'utf8'), { readFile: readBeside });
  const expected = JSON.parse(readFileSync(`${dir}expected.json`, 'utf8')) as { archive: unknown; records: unknown };

  it('gives exactly the expected archive', () => {
    expect(JSON.parse(JSON.stringify(archive))).toEqual(expected.archive);
  });

  it('gives exactly the expected import records, valid against the shared schema', () => {
    const records = archive.works.map((w) => ImportRecordSchema.parse(toImportRecord(w, 'backup.sql')));
    expect(records).toEqual(expected.records);
  });

  it('reads the windows-1252 chapter file and sorts chapters by inorder', () => {
    const lamp = archive.works[0];
    expect(lamp?.chapters.map((c) => c.title)).toEqual(['Arrival', 'The Storm']);
    expect(lamp?.chapters[0]?.body).toBe('<p>Café lights on the pier.<br>Ada waved.</p>\n<p>Bram waved back &amp; smiled.</p>');
  });

  it('accepts a reader that throws for missing files (readFileSync as is)', () => {
    const a = readEfictionArchive(readFileSync(`${dir}backup.sql`), { readFile: (rel) => readFileSync(dir + rel) });
    expect(a.works[0]?.chapters[0]?.body).toContain('Café lights');
    const none = readEfictionArchive(readFileSync(`${dir}backup.sql`), { readFile: (rel) => readFileSync(`${dir}nowhere/${rel}`) });
    expect(none.problems.find((p) => p.sid === 10)?.message).toMatch(/^chapter 101 has no text in the table; could not read stories\/1\/101: ENOENT/);
  });

  it('reports a missing chapter file instead of failing', () => {
    const without = readEfictionArchive(readFileSync(`${dir}backup.sql`, 'utf8'));
    expect(without.works[0]?.chapters[0]?.body).toBe('');
    expect(without.problems.map((p) => p.message)).toContain('chapter 101 has no text in the table and no chapter file (no file reader given)');
  });
});
