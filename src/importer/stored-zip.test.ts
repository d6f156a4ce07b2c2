import { strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { seededRandom } from './prng.js';
import { storedZip } from './stored-zip.js';

describe('storedZip', () => {
  it('writes the same bytes as fflate’s zipSync at level 0, for any names and contents', () => {
    const rand = seededRandom(3);
    const mtime = new Date('2000-01-01T00:00:00Z');
    const names = ['story1.html', 'authors/ann/story_2.htm', 'Ünïcödé/part 1.txt', '物語/第二章.html', 'a.md'];
    for (let round = 0; round < 300; round++) {
      const files: Record<string, Uint8Array> = {};
      const count = 1 + Math.floor(rand() * 4);
      for (let i = 0; i < count; i++) {
        const data = new Uint8Array(Math.floor(rand() * 3000));
        for (let j = 0; j < data.length; j++) data[j] = Math.floor(rand() * 256);
        files[`${i}/${names[Math.floor(rand() * names.length)]}`] = data;
      }
      const ours = storedZip(files, mtime);
      expect(Buffer.from(ours).equals(Buffer.from(zipSync(files, { level: 0, mtime })))).toBe(true);
      expect(unzipSync(ours)).toEqual(files);
    }
    expect(Buffer.from(storedZip({}, mtime)).equals(Buffer.from(zipSync({}, { level: 0, mtime })))).toBe(true);
    expect(unzipSync(storedZip({ 'x.txt': strToU8('') }, mtime))).toEqual({ 'x.txt': new Uint8Array(0) });
  });
});
