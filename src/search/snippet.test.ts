import { describe, expect, it } from 'vitest';
import { quickSnippet } from './snippet.js';
import { MARK_END, MARK_START } from './plain-text.js';

const show = (s: string | null) => s?.split(MARK_START).join('[').split(MARK_END).join(']') ?? null;
const words = (n: number, w = 'word') => Array.from({ length: n }, (_, i) => `${w}${i}`).join(' ');

describe('quickSnippet', () => {
  it('marks the first occurrence with words around it, case-insensitively, cut with ellipses', () => {
    const text = `${words(40, 'a')} The Silver,  River ran. ${words(40, 'b')}`;
    expect(show(quickSnippet(text, [['silver', 'river']]))).toBe(`…${words(40, 'a').split(' ').slice(-9).join(' ')} The [Silver,  River] ran. ${words(11, 'b')}…`);
  });
  it('marks every occurrence of any phrase in the excerpt, and only whole words', () => {
    expect(show(quickSnippet('tea and teapots, then TEA again; coffee too', [['tea'], ['coffee']]))).toBe('[tea] and teapots, then [TEA] again; [coffee] too');
    expect(quickSnippet('teapots only', [['tea']])).toBeNull();
  });
  it('leaves what it cannot decide to the database', () => {
    expect(quickSnippet('a café by the sea', [['cafe']])).toBeNull(); // folding accents is the database's job
    expect(quickSnippet('東京タワー', [['東京タワー']])).toBeNull();
    expect(quickSnippet('', [['x']])).toBeNull();
    expect(quickSnippet('x', [])).toBeNull();
  });
});
