import sanitizeHtml from 'sanitize-html';
import { sanitizePlainHtml } from './sanitize-plain.js';

/**
 * The one HTML allow-list for story text, modelled on AO3's: structure and emphasis, tables,
 * lists, links (forced rel="nofollow"), images by http(s) URL; no scripts, no event handlers,
 * no forms, no iframes. `style` is limited to text alignment and direction so imported
 * centered scene breaks survive without letting pages restyle the site.
 */
const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    'a', 'abbr', 'acronym', 'address', 'b', 'big', 'blockquote', 'br', 'caption', 'center', 'cite', 'code',
    'col', 'colgroup', 'dd', 'del', 'dfn', 'div', 'dl', 'dt', 'em', 'figcaption', 'figure', 'h1', 'h2', 'h3',
    'h4', 'h5', 'h6', 'hr', 'i', 'img', 'ins', 'kbd', 'li', 'ol', 'p', 'pre', 'q', 's', 'samp', 'small',
    'span', 'strike', 'strong', 'sub', 'sup', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'tt',
    'u', 'ul', 'var', 'details', 'summary', 'ruby', 'rt', 'rp',
  ],
  allowedAttributes: {
    a: ['href', 'name', 'title', 'rel'],
    img: ['src', 'alt', 'title', 'width', 'height', 'align'],
    abbr: ['title'], acronym: ['title'],
    td: ['colspan', 'rowspan', 'align'], th: ['colspan', 'rowspan', 'align'],
    ol: ['start', 'type'], ul: ['type'], li: ['value'],
    '*': ['class', 'dir', 'lang', 'title', 'style', 'align'],
  },
  allowedStyles: {
    '*': {
      'text-align': [/^(left|right|center|justify)$/],
      direction: [/^(ltr|rtl)$/],
    },
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowProtocolRelative: false,
  transformTags: {
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: 'nofollow' } }),
  },
  disallowedTagsMode: 'discard',
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'title', 'iframe', 'object', 'embed'],
};

/** Sanitizes chapter/summary HTML to the archive's allow-list. Idempotent on its own output. */
export function sanitizeStoryHtml(html: string): string {
  return sanitizePlainHtml(html) ?? sanitizeHtml(html, OPTIONS).trim();
}

/** The library's answer alone (the tests compare the plain path with it). */
sanitizeStoryHtml.library = (html: string): string => sanitizeHtml(html, OPTIONS).trim();

/** Escapes plain text for HTML and turns blank-line-separated paragraphs into <p> elements. */
export function plainTextToHtml(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/**
 * Plain text from a short HTML fragment (an old archive's summary or notes): line and
 * paragraph breaks kept as newlines, tags dropped, entities decoded. Text without tags is
 * returned unchanged.
 */
export function htmlFragmentToText(s: string): string {
  if (!/<[a-z/!]/i.test(s)) return s;
  const marked = s.replace(/<br\s*\/?>/gi, '\n').replace(/<\/?(p|div|li|h[1-6]|blockquote)\b[^>]*>/gi, '\n\n');
  const text = sanitizeHtml(marked, { allowedTags: [], allowedAttributes: {} });
  return text
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
