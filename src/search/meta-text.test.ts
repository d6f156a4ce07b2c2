import { describe, expect, it } from 'vitest';
import { ALL_COLUMNS, META_COLUMNS, MetaText, foldTokens, packedBits, tfOf } from './meta-text.js';

type Cols = [string, string, string, string, string];
const CAPS = [3, 3, 3, 1, 1];

/** What the index should say, straight from the texts: per word and column mask, each work's capped counts. */
function naive(texts: Map<number, Cols>, word: string, mask: number): [number, number[]][] {
  const out: [number, number[]][] = [];
  for (const id of [...texts.keys()].sort((a, b) => a - b)) {
    const cols = texts.get(id) as Cols;
    const counts = cols.map((c, i) => Math.min(foldTokens(c).filter((t) => t === word.slice(0, 64) || (t.length > 64 && t.slice(0, 64) === word.slice(0, 64))).length, CAPS[i] as number));
    if (counts.some((n, i) => n > 0 && mask & (1 << i))) out.push([id, counts]);
  }
  return out;
}

function fromIndex(m: MetaText, word: string, mask: number): [number, number[]][] {
  const { docs, packed } = m.hits(m.wordId(word), packedBits(mask));
  return Array.from(docs, (d, i) => [d, META_COLUMNS.map((_, c) => tfOf(packed[i] as number, c))]);
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const VOCAB = ['river', 'garden', 'winter', 'Winter', 'café', 'CAFE', 'naïve', 'Ångström', 'straße', 'ﬁsh', 'fish', 'x42', '42', 'Über', 'дом', 'Дом', '東京', 'a'.repeat(70), 'a'.repeat(66), `${'b'.repeat(68)}é`, 'b'.repeat(65)];
const SEPARATORS = [' ', ', ', ' - ', '\n', '; ', "'", '…', ' (', ') '];

function randomText(r: () => number, words: number): string {
  let s = '';
  for (let i = 0; i < words; i++) s += (VOCAB[Math.floor(r() * VOCAB.length)] as string) + (SEPARATORS[Math.floor(r() * SEPARATORS.length)] as string);
  return s;
}

function randomCols(r: () => number): Cols {
  return [randomText(r, 1 + Math.floor(r() * 4)), randomText(r, Math.floor(r() * 12)), r() < 0.5 ? '' : randomText(r, 6), randomText(r, Math.floor(r() * 5)), randomText(r, 1)];
}

const WORDS = [...new Set(VOCAB.flatMap((v) => foldTokens(v)))];
const MASKS = [ALL_COLUMNS, 1, 2, 4, 8, 16, 0b00011];

function checkAll(m: MetaText, texts: Map<number, Cols>): void {
  for (const w of WORDS) for (const mask of MASKS) expect({ w, mask, got: fromIndex(m, w, mask) }).toEqual({ w, mask, got: naive(texts, w, mask) });
  expect(m.works).toBe(texts.size);
  for (const [id, cols] of texts) expect(m.lengthOf(id)).toBe(cols.reduce((n, c) => n + foldTokens(c).length, 0));
}

describe('MetaText', () => {
  it('tokenizes ASCII text straight from char codes exactly as foldTokens does, and folds the rest', () => {
    const text = 'Hello, World-42 café ÉLAN naïve straße ﬁsh Ångström дом 東京 x_y it’s';
    const m = MetaText.build((add) => add(1, [text, '', '', '', '']));
    expect(m instanceof MetaText).toBe(true);
    const idx = m as MetaText;
    const words = foldTokens(text);
    expect(words).toContain('cafe');
    expect(words).toContain('naive');
    expect(words).toContain('fish');
    for (const w of words) expect({ w, n: fromIndex(idx, w, 1) }).toEqual({ w, n: [[1, [Math.min(words.filter((x) => x === w).length, 3), 0, 0, 0, 0]]] });
    expect(idx.wordId('café')).toBe(-1); // words are looked up folded
    expect(idx.lengthOf(1)).toBe(words.length);
  });

  it('agrees with the texts through a build, saves, deletions, compaction and a snapshot round trip', async () => {
    const r = rng(42);
    const texts = new Map<number, Cols>();
    for (let id = 1; id <= 300; id++) if (r() < 0.8) texts.set(id, randomCols(r));
    const m = await MetaText.build(async (add) => {
      for (const id of [...texts.keys()].sort((a, b) => a - b)) add(id, texts.get(id) as Cols);
    });
    checkAll(m, texts);
    // Built with its postings in many small chunks: the same index.
    const chunked = await MetaText.build(async (add) => {
      for (const id of [...texts.keys()].sort((a, b) => a - b)) add(id, texts.get(id) as Cols);
    }, { chunk: 7 });
    checkAll(chunked, texts);
    for (let step = 0; step < 300; step++) {
      const id = 1 + Math.floor(r() * 340);
      if (r() < 0.25) {
        texts.delete(id);
        m.set(id, null);
      } else {
        const cols = randomCols(r);
        texts.set(id, cols);
        m.set(id, cols);
      }
      if (step % 60 === 59 || process.env.META_DEBUG) checkAll(m, texts);
    }
    expect(m.pending).toBeGreaterThan(0);
    m.compact();
    expect(m.pending).toBe(0);
    checkAll(m, texts);
    m.set(5, ['brand new words', '', '', '', '']);
    texts.set(5, ['brand new words', '', '', '', '']);
    const copy = MetaText.fromArrays(m.toArrays());
    expect(copy).not.toBeNull();
    checkAll(copy as MetaText, texts);
    expect(fromIndex(copy as MetaText, 'brand', 1)).toEqual([[5, [1, 0, 0, 0, 0]]]);
    // A copy keeps working after it is changed.
    (copy as MetaText).set(7, ['zebra', '', '', '', '']);
    expect(fromIndex(copy as MetaText, 'zebra', ALL_COLUMNS)).toEqual([[7, [1, 0, 0, 0, 0]]]);
  });

  it('takes a work’s tags as tag ids, each name tokenized once, with the same result as the tags text', async () => {
    const r = rng(7);
    const names = Array.from({ length: 40 }, () => randomText(r, 1 + Math.floor(r() * 3)));
    const works = Array.from({ length: 120 }, (_, i) => ({ id: i * 3 + 1, cols: randomCols(r), tags: Array.from({ length: Math.floor(r() * 6) }, () => Math.floor(r() * names.length)) }));
    const texts = new Map<number, Cols>(works.map((w) => [w.id, [w.cols[0], w.cols[1], w.cols[2], w.tags.map((t) => names[t]).join(' ; '), w.cols[4]]]));
    let asked = 0;
    const byIds = await MetaText.build(
      (add) => {
        for (const w of works) add(w.id, [w.cols[0], w.cols[1], w.cols[2], 'ignored', w.cols[4]], Int32Array.from(w.tags));
      },
      {
        tagName: (t) => {
          asked++;
          return names[t] as string;
        },
      },
    );
    checkAll(byIds, texts);
    expect(asked).toBeLessThanOrEqual(names.length);
    // Saves take tag ids too; a renamed tag's new name is read, not the build's words of it.
    names[0] = 'renamed quokka';
    for (const w of works.slice(0, 30)) {
      const tags = [0, ...w.tags.slice(1)];
      byIds.set(w.id, [w.cols[0], w.cols[1], w.cols[2], 'ignored', w.cols[4]], tags, (t) => names[t] as string);
      texts.set(w.id, [w.cols[0], w.cols[1], w.cols[2], tags.map((t) => names[t]).join(' ; '), w.cols[4]]);
    }
    checkAll(byIds, texts);
    byIds.compact();
    checkAll(byIds, texts);
  });

  it('keeps work ids far apart exact (gaps of one to four bytes), also after compaction', async () => {
    const ids = [0, 1, 127, 128, 300, 16_500, 2_100_000, 2_100_001, 3_000_000];
    const texts = new Map<number, Cols>(ids.map((id, i) => [id, [`river ${i % 2 ? 'garden' : ''}`, '', '', '', 'writer']]));
    const m = await MetaText.build((add) => {
      for (const id of ids) add(id, texts.get(id) as Cols);
    });
    checkAll(m, texts);
    m.set(2_500_000, ['river', '', '', '', '']);
    texts.set(2_500_000, ['river', '', '', '', '']);
    m.set(128, null);
    texts.delete(128);
    checkAll(m, texts);
    m.compact();
    checkAll(m, texts);
    expect(fromIndex(m, 'river', 1).map(([d]) => d)).toEqual([0, 1, 127, 300, 16_500, 2_100_000, 2_100_001, 2_500_000, 3_000_000]);
  });

  it('refuses a build out of id order', () => {
    expect(() =>
      MetaText.build((add) => {
        add(2, ['a', '', '', '', '']);
        add(1, ['b', '', '', '', '']);
      }),
    ).toThrow(/ascend/);
  });
});
