import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

/**
 * Views are functions returning escaped HTML built with hono's `html` tagged template:
 * interpolated values are escaped unless wrapped in `trusted()`, which is only used for
 * story HTML that went through the sanitizer on its way into the store.
 */
export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;
export { html };
export const trusted = (s: string): HtmlEscapedString => raw(s) as HtmlEscapedString;

/** Plain-text fields (summary, notes) as paragraphs, escaped. */
export function paragraphs(text: string | null): Html | '' {
  if (text === null || text.trim() === '') return '';
  const paras = text.replace(/\r\n?/g, '\n').split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
  return html`${paras.map((p) => html`<p>${lines(p)}</p>`)}`;
}

function lines(p: string): Html {
  const parts = p.split('\n');
  return html`${parts.map((l, i) => (i === 0 ? html`${l}` : html`<br>${l}`))}`;
}

export const fmtNumber = (n: number): string => n.toLocaleString('en-US');
export const fmtDate = (iso: string): string => iso.slice(0, 10);

const languageNames = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'code' });
/** "en" → "English", "ja" → "Japanese"; unknown codes are shown as they are. */
export function languageName(code: string): string {
  try {
    return languageNames.of(code) ?? code;
  } catch {
    return code;
  }
}
