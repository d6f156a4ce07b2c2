import { describe, expect, it } from 'vitest';
import type { Db } from '../db/connect.js';
import { MetaText } from './meta-text.js';
import { parseQuery } from './query-language.js';
import { matchQuery } from './text-match.js';

/**
 * bm25 over the metadata, against a plain computation. Title-qualified terms never ask the
 * database (no story text), so no database is needed. A common word with a rare one leaves few
 * works of the common word's long list (found by galloping), and the rare word's short list is
 * walked: both ways must give the textbook scores.
 */
describe('matchQuery scores', () => {
  it('scores title words by bm25 whether a long list is walked or galloped through', async () => {
    let seed = 5;
    const r = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const titles = new Map<number, string>();
    for (let id = 1; id <= 3000; id++) {
      const words = ['filler', 'words', 'here'].slice(0, 1 + Math.floor(r() * 3));
      if (r() < 0.6) words.push('common');
      if (r() < 0.4) words.push('common');
      if (r() < 0.02) words.push('rare');
      titles.set(id, words.join(' '));
    }
    const meta = await MetaText.build((add) => {
      for (const [id, t] of titles) add(id, [t, '', '', '', '']);
    });
    const count = (t: string, w: string) => t.split(' ').filter((x) => x === w).length;
    const N = titles.size;
    const avg = [...titles.values()].reduce((s, t) => s + t.split(' ').length, 0) / N;
    const bm25 = (w: string, id: number) => {
      const n = [...titles.values()].filter((t) => count(t, w) > 0).length;
      const idf = Math.log(1 + (N - n + 0.5) / (n + 0.5));
      const f = 4 * Math.min(3, count(titles.get(id)!, w));
      const len = titles.get(id)!.split(' ').length;
      return (idf * f * 2.2) / (f + 1.2 * (1 - 0.75 + (0.75 * len) / avg));
    };
    const m = await matchQuery(meta, null as unknown as Db, parseQuery('title:common title:rare'), { scores: true });
    const expected = [...titles].filter(([, t]) => count(t, 'common') > 0 && count(t, 'rare') > 0).map(([id]) => id);
    expect(expected.length).toBeGreaterThan(5);
    expect(expected.length * 8).toBeLessThan([...titles.values()].filter((t) => count(t, 'common') > 0).length);
    expect([...(m.ids ?? [])]).toEqual(expected);
    expected.forEach((id, i) => expect(m.scores![i]).toBeCloseTo(bm25('common', id) + bm25('rare', id), 5));
  });
});
