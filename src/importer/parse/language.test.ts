import { describe, expect, it } from 'vitest';
import { seededRandom } from '../prng.js';
import { WORD_LANGS, detectLanguage, functionWordCounts } from './language.js';

describe('detectLanguage', () => {
  it('tells the languages it knows from their function words', () => {
    expect(detectLanguage('The cat sat on the mat and she was happy with it. '.repeat(5))).toBe('en');
    expect(detectLanguage('Der Hund und die Katze, das ist nicht mein Problem, sagte sie. '.repeat(5))).toBe('de');
    expect(detectLanguage('Too short.')).toBeNull();
  });
  it('counts the first 250 words exactly as the word-by-word loop it replaced', () => {
    // The counting as it was: one regex exec per word.
    const WORD = /\p{L}+/gu;
    const reference = (text: string): { counts: Map<string, number>; total: number } => {
      const counts = new Map<string, number>();
      let total = 0;
      WORD.lastIndex = 0;
      const sample = text.slice(0, 1500).toLowerCase();
      for (let m = WORD.exec(sample); m !== null && total < 250; m = WORD.exec(sample)) {
        total++;
        for (const lang of WORD_LANGS.get(m[0]) ?? []) counts.set(lang, (counts.get(lang) ?? 0) + 1);
      }
      return { counts, total };
    };
    const words = ['the', 'The', 'THE', 'und', 'de', 'la', 'che', 'não', 'cat', 'Hund', 'élan', 'ǅemal', 'ſ', 'İstanbul', '日本語', 'x1y', "don't", 'a-b'];
    const random = seededRandom(3);
    const rnd = (n: number) => Math.floor(random() * n);
    for (let k = 0; k < 3000; k++) {
      const text = Array.from({ length: rnd(400) }, () => words[rnd(words.length)]).join([' ', ', ', '. ', '\n', ''][rnd(5)]);
      // In insertion order too: ties between languages go to the one met first.
      const [got, want] = [functionWordCounts(text), reference(text)];
      expect([text.slice(0, 80), [...got.counts], got.total]).toEqual([text.slice(0, 80), [...want.counts], want.total]);
    }
  });
});
