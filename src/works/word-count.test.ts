import { describe, expect, it } from 'vitest';
import { countHtmlWords, countWords, htmlToText } from './word-count.js';

describe('word count', () => {
  it('counts English the way readers expect', () => {
    expect(countWords('The quick brown fox.')).toBe(4);
    expect(countWords("Don't stop — it's a well-known trick, isn’t it?")).toBe(8);
    expect(countWords('Chapter 3: 1,000 steps in 2.5 hours')).toBe(7);
    expect(countWords('  ')).toBe(0);
    expect(countWords('café naïve résumé')).toBe(3);
  });
  it('counts characters for scripts written without spaces', () => {
    expect(countWords('第九温室の朝ごはん')).toBe(9);
    expect(countWords('カタカナ')).toBe(4);
    expect(countWords('สวัสดี')).toBe(6);
    expect(countWords('Hello 世界')).toBe(3);
  });
  it('counts HTML text only', () => {
    expect(countHtmlWords('<p>One <em>two</em></p><p>three&nbsp;four</p><script>no count</script>')).toBe(4);
    expect(htmlToText('<p>A&amp;B &#233;</p>')).toBe('A&B é');
  });
  it('stays linear on a long chapter', () => {
    const long = 'word '.repeat(300_000);
    expect(countWords(long)).toBe(300_000);
  });
});
