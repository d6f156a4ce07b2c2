import type { Field } from './label-line.js';
import { isBlank, type SourceLine } from './source-line.js';

/** Lines a post's wrapper contributes: who posted it, when, under what subject. */
export interface WrapperInfo {
  from: string | null;
  date: string | null;
  subject: { text: string; line: number } | null;
  /** Usenet headers that are also story labels (Summary:, Keywords:). */
  fields: Field[];
}

const USENET_KEY = /^(from|to|cc|mailing-list|list-[\w-]+|precedence|return-path|received|delivered-to|x-mailer|user-agent|status|newsgroups|path|subject|message-id|date|xref|article|relay-version|organization|lines|references|nntp-posting-[\w-]+|x-[\w-]+|sender|reply-to|followup-to|distribution|keywords|summary|mime-version|content-[\w-]+|approved|expires|in-reply-to):\s*(.*)$/i;

/**
 * Reads the RFC 1036/822 header block of a saved Usenet post or mailing-list message
 * ("From:", "Newsgroups:", "Subject:"…) and returns the lines after it. Only a block with at least two news headers
 * counts, so a story header that merely starts with "Date:" is left to the header reader.
 */
export function takeUsenetHeader(lines: SourceLine[]): { info: WrapperInfo; rest: SourceLine[] } | null {
  let i = 0;
  while (i < lines.length && isBlank(lines[i])) i++;
  if (/^From \S+@?\S* /.test(lines[i]?.text ?? '')) i++; // mbox "From " separator line
  const start = i;
  const entries: { key: string; value: string; line: number }[] = [];
  for (; i < lines.length && !isBlank(lines[i]); i++) {
    const l = lines[i] as SourceLine;
    const m = USENET_KEY.exec(l.text);
    if (m) entries.push({ key: (m[1] ?? '').toLowerCase(), value: (m[2] ?? '').trim(), line: l.line });
    else if (/^\s/.test(l.text) && entries.length > 0) (entries.at(-1) as { value: string }).value += ` ${l.text.trim()}`;
    else return null;
  }
  const keys = new Set(entries.map((e) => e.key));
  // A news post names its group; a mailing-list message has From, Subject and To or Date.
  const news = keys.has('newsgroups') || keys.has('message-id') || keys.has('path');
  const mail = keys.has('from') && keys.has('subject') && (keys.has('to') || keys.has('date'));
  if (entries.length < 2 || !(news || mail) || i === start) return null;
  const info: WrapperInfo = { from: null, date: null, subject: null, fields: [] };
  for (const e of entries) {
    if (e.key === 'from') info.from = e.value;
    else if (e.key === 'date') info.date = e.value;
    else if (e.key === 'subject') info.subject = { text: e.value, line: e.line };
    else if (e.key === 'summary') info.fields.push({ kinds: ['summary'], label: 'Summary', value: e.value, line: e.line });
    else if (e.key === 'keywords') info.fields.push({ kinds: ['tags'], label: 'Keywords', value: e.value, line: e.line });
  }
  return { info, rest: lines.slice(i) };
}

const POSTED_BY = [
  /^posted\s+by\s+(.+?)\s+(?:on|at)\s+(.+?)\.?$/i,
  /^(.+?)\s+(?:\([^)]*\)\s+)?wrote(?:,|\s+on)\s*(.*?)$/i,
  /^by\s+(.+?)\s*»\s*(.+)$/i,
];
const POSTED_ON = /^posted\s+(?:on\s+)?(.+?)\s+by\s+(.+?)\.?$/i;
const CHROME_LINE = /^(?:current\s+(?:mood|music|location)\s*:.*|(?:joined|posts|reputation|member\s+since|filed\s+under|share\s+this)\s*:.*|\d+\s+comments?(?:\s*[|·].*)?|comments?\s*\(\d+\)|leave\s+a\s+comment|reply\s+with\s+quote|back\s+to\s+top|permalink|add\s+to\s+memories|tell\s+a\s+friend|(?:\d+\s+comments?\s*\|\s*)?(?:leave|post)\s+a\s+(?:comment|reply)|report\s+(?:this\s+)?post|quote\s*\|\s*reply.*|\[?\s*reviews?\s*[-:]\s*\d+\s*\]?|(?:(?:table\s+of\s+contents|printer|print|report\s+this|add\s+to\s+favou?rites)\s*[|·•-]?\s*)+)$/i;

/** Removes blog and forum chrome lines and reads "Posted by X on DATE" bylines. */
export function stripPostWrapper(lines: SourceLine[], info: WrapperInfo): SourceLine[] {
  // Wrappers sit around the post, so only its first and last lines are examined: a long
  // story body is never scanned line by line for chrome.
  const head = 80;
  const tail = Math.max(head, lines.length - 40);
  return lines.filter((l, i) => {
    if (i >= head && i < tail) return true;
    const t = l.text.trim();
    if (t === '' || t.length > 160) return true;
    if (CHROME_LINE.test(t)) return false;
    const on = POSTED_ON.exec(t);
    if (on && t.length < 120) {
      info.date ??= on[1] ?? null;
      info.from ??= on[2] ?? null;
      return false;
    }
    for (const re of POSTED_BY) {
      const m = re.exec(t);
      if (m && t.length < 120 && (re !== POSTED_BY[1] || /^\S+$/.test(m[1] ?? ''))) {
        info.from ??= m[1] ?? null;
        if (m[2]) info.date ??= m[2];
        return false;
      }
    }
    return true;
  });
}
