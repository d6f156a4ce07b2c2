import { describe, expect, it } from 'vitest';
import { createParsePool } from './parse-pool.js';

describe('parse pool', () => {
  it('gives a parse worker given bytes the same bytes back, and the same results as inline', async () => {
    const bytes = new Uint8Array(Buffer.from('Title: A Test\nAuthor: Mia\nRating: PG\n\nThe story starts here, and it goes on for a while.\n', 'utf8'));
    const inline = createParsePool({ map: {}, prepare: true }, 0);
    const pool = createParsePool({ map: {}, prepare: true }, 1);
    try {
      const [a, b] = await Promise.all([inline.parse('a.txt', { bytes }), pool.parse('a.txt', { bytes })]);
      expect(b.bytes).toBe(bytes);
      expect(b).toEqual(a);
      expect(b.works[0]?.record.title).toBe('A Test');
    } finally {
      await Promise.all([inline.close(), pool.close()]);
    }
  });
});
