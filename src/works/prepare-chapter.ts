import { htmlToText } from '../search/plain-text.js';
import { sanitizeStoryHtml } from './sanitize.js';
import { countHtmlWords } from './word-count.js';

/**
 * A chapter body made ready to store: sanitized to the allow-list, its words counted, and its
 * plain text for the full-text tables. Pure and CPU-bound, so an import computes it in its
 * parsing workers; `saveWork` computes it itself for any chapter it is not given.
 */
export interface PreparedChapter {
  body: string;
  words: number;
  /**
   * `htmlToText(body)`: what the full-text tables hold for the chapter. Left out when whoever
   * indexes the work reads its chapters back (an import's text writer).
   */
  text?: string;
}

export function prepareChapter(html: string, withText = true): PreparedChapter {
  const body = sanitizeStoryHtml(html);
  return withText ? { body, words: countHtmlWords(body), text: htmlToText(body) } : { body, words: countHtmlWords(body) };
}
