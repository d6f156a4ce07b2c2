import { decodeLegacyBytes } from '../parse/decode.js';
import { plainTextToHtml } from '../../works/sanitize.js';
import type { EfChapter } from './load-tables.js';

export type ReadFile = (relPath: string) => string | Uint8Array | null;

export interface ChapterText {
  body: string;
  /** The file the text came from, when it was not in the table. */
  file: string | null;
  problem: string | null;
}

const TAG = /<\/?(?:p|br|div|span|i|b|u|s|em|strong|blockquote|center|hr|font|ol|ul|li|a|img|h[1-6]|sup|sub|table|tr|td|pre|strike)\b[^>]*>/i;
const BLOCK = /<(?:p|br|div|blockquote|center|ol|ul|table|h[1-6]|pre)\b/i;
const ENTITY = /&(?:#\d+|#x[0-9a-f]+|[a-z]+);/i;

/**
 * A chapter's HTML. eFiction kept text in `chapters.storytext` or, with `store = files`, in
 * `<storiespath>/<uid>/<chapid>.txt` (some sites dropped the extension). Coauthored chapters
 * may sit under either author's folder, so both are tried.
 */
export function chapterText(ch: EfChapter, storyUid: number, storiesPath: string, readFile: ReadFile | undefined): ChapterText {
  if (ch.storytext !== null && ch.storytext.trim() !== '') return { body: toHtml(ch.storytext), file: null, problem: null };
  const tried: string[] = [];
  let failure: string | null = null;
  if (readFile) {
    for (const dir of storyDirs(storiesPath)) {
      for (const uid of new Set([ch.uid, storyUid])) {
        for (const name of [`${ch.chapid}.txt`, `${ch.chapid}`]) {
          const path = `${dir}/${uid}/${name}`;
          tried.push(path);
          let data: string | Uint8Array | null;
          try {
            data = readFile(path);
          } catch (e) {
            // A reader that throws for missing files (readFileSync) is treated as "not here";
            // the error is reported only if no other name works.
            failure = `could not read ${path}: ${e instanceof Error ? e.message : String(e)}`;
            continue;
          }
          if (data === null || data === undefined) continue;
          const text = typeof data === 'string' ? data : decodeLegacyBytes(data, path).text;
          return { body: toHtml(text), file: path, problem: text.trim() === '' ? `chapter ${ch.chapid}: file ${path} is empty` : null };
        }
      }
    }
  }
  if (failure) return { body: '', file: null, problem: `chapter ${ch.chapid} has no text in the table; ${failure}` };
  const where = tried.length > 0 ? ` (looked for ${tried.slice(0, 2).join(', ')}…)` : ' (no file reader given)';
  return { body: '', file: null, problem: `chapter ${ch.chapid} has no text in the table and no chapter file${where}` };
}

/**
 * eFiction displayed text with nl2br unless it already had paragraph or break tags, so text
 * with inline tags but bare newlines gets the same treatment; text with no markup at all is
 * plain and is escaped.
 */
export function toHtml(text: string): string {
  const t = text.replace(/\r\n?/g, '\n').replace(/^\ufeff/, '');
  if (BLOCK.test(t)) return t.trim();
  if (!TAG.test(t) && !ENTITY.test(t)) return plainTextToHtml(t);
  return t
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map((p) => `<p>${p.replace(/\n/g, '<br>')}</p>`)
    .join('\n');
}

/** The configured path is a server path ("../stories", "/home/x/stories"); files sit beside the dump. */
function storyDirs(storiesPath: string): string[] {
  const clean = storiesPath.replace(/\\/g, '/').replace(/^(?:\.{1,2}\/)+|^\/+/, '').replace(/\/+$/, '');
  const last = clean.split('/').pop() ?? '';
  return [...new Set([clean, last, 'stories'].filter((d) => d !== ''))];
}
