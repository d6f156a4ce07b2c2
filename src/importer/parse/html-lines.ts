import { Parser } from 'htmlparser2';
import { escapeHtml } from '../../works/sanitize.js';
import { normalizeSpaces, type SourceLine } from './source-line.js';
import { TO_ESCAPE, UNEVEN_SPACE, textFlags } from './text-scan.js';

export interface HtmlLines {
  lines: SourceLine[];
  /** The page's <title>, a fallback when the header names no title. */
  pageTitle: string | null;
  lang: string | null;
}

// Site chrome: never story, never header.
const SKIP_TAGS = new Set(['script', 'style', 'noscript', 'nav', 'iframe', 'form', 'select', 'button', 'object', 'embed', 'template', 'svg', 'footer', 'head', 'menu', 'aside']);
const CHROME = /(?:^|[\s_-])(?:nav|navbar|navigation|menu|sidebar|breadcrumbs?|skip|ads?|advert\w*|share|sharing|signature|sig|footer|copyright|comments?-?(?:list|form|section)|postprofile|jumpbox|pagination|pager|toolbar)(?:$|[\s_-])/i;
const BLOCK = new Set(['p', 'div', 'br', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'ul', 'ol', 'dl', 'dt', 'dd', 'table', 'tr', 'td', 'th', 'tbody', 'thead', 'blockquote', 'pre', 'center', 'section', 'article', 'header', 'main', 'body', 'html', 'hr', 'address', 'figure', 'figcaption', 'fieldset', 'legend', 'details', 'summary']);
const INLINE = new Set(['b', 'i', 'em', 'strong', 'u', 's', 'strike', 'del', 'ins', 'sup', 'sub', 'small', 'big', 'tt', 'code', 'q', 'cite', 'abbr', 'span', 'a', 'font']);
// A site's masthead: its first line is the banner naming the archive or journal.
const MASTHEAD = /(?:^|[\s_-])(?:header|banner|masthead|site-?title|site-?name|logo)(?:$|[\s_-])/i;
// Whitespace that is not already a single space: replacing only these is several times
// faster than /\s+/g on long chapters, where nearly every match is one plain space.
const WS_RUN = /\s{2,}|[^\S ]/g;
const NAV_WORDS = /^(?:home|index|back|next|prev(?:ious)?|return|top|back\s+to\s+(?:top|index)|main\s+page|story\s+index|author\s+index|chapter\s+index|login|log\s+in|register|search|print|download|contact|links?|stories|authors|archive|faq|rss)\b/i;

/**
 * Converts an HTML page into lines: each block element becomes a paragraph (lines separated
 * by <br> stay lines), site chrome is skipped by tag and by common class/id names, and a
 * paragraph made only of navigation links is dropped. Inline markup is kept for the body.
 */
export function htmlToLines(html: string): HtmlLines {
  return toLines(html, textFlags);
}

/** `htmlToLines` with every piece of text taken as needing each clean-up (the tests' reference). */
htmlToLines.everyPass = (html: string): HtmlLines => toLines(html, () => UNEVEN_SPACE | TO_ESCAPE);

type Flagger = (text: string) => number;

function toLines(html: string, flagsOf: Flagger): HtmlLines {
  const convert = (h: string, classChrome: boolean): HtmlLines => convertPage(h, classChrome, flagsOf);
  const first = convert(html, true);
  // Class names are only a guess at chrome: a page whose whole story sits in, say, a
  // "main-menu-wrapper" would come out empty, so then read it again trusting tags alone.
  const kept = first.lines.reduce((n, l) => n + l.text.length, 0);
  return kept < 200 && /<p|<br|<div/i.test(html) ? pickLonger(first, convert(html, false)) : first;
}

function pickLonger(a: HtmlLines, b: HtmlLines): HtmlLines {
  const len = (h: HtmlLines): number => h.lines.reduce((n, l) => n + l.text.length, 0);
  return len(b) > len(a) * 2 ? b : a;
}

function convertPage(html: string, classChrome: boolean, flagsOf: Flagger): HtmlLines {
  const newlines: number[] = [];
  for (let i = html.indexOf('\n'); i !== -1; i = html.indexOf('\n', i + 1)) newlines.push(i);
  const lineAt = (idx: number): number => {
    let lo = 0;
    let hi = newlines.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((newlines[mid] as number) < idx) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  };

  const lines: SourceLine[] = [];
  let text = '';
  // Whether `text` may hold odd spaces or whitespace to fold (else it is clean as it stands).
  let uneven = false;
  let out = '';
  let links = 0;
  let linkText = '';
  let startLine = 1;
  let skipDepth = 0;
  let pre = 0;
  const blocks: string[] = [];
  const aligns: ('center' | 'right' | undefined)[] = [];
  let pageTitle: string | null = null;
  let inTitle = false;
  let lang: string | null = null;
  let inLink = false;

  let masthead = 0;
  // aligns.findLast((a) => a !== undefined), without a closure call per open block and line.
  const innermostAlign = (): 'center' | 'right' | undefined => {
    for (let i = aligns.length - 1; i >= 0; i--) if (aligns[i] !== undefined) return aligns[i];
    return undefined;
  };
  const tagFor = (): string => {
    if (masthead > 0) return 'banner';
    for (let i = blocks.length - 1; i >= 0; i--) {
      const b = blocks[i] as string;
      // <pre> only wrapped plain-text stories; its lines become ordinary paragraphs.
      if (/^h[1-6]$/.test(b) || b === 'blockquote') return b;
    }
    return 'p';
  };
  const endLine = (): void => {
    const t = uneven ? normalizeSpaces(text).replace(WS_RUN, ' ').trim() : text.trim();
    const navOnly = links > 0 && (links >= 2 || NAV_WORDS.test(linkText.trim())) && t.replace(/\s+/g, ' ') !== '' &&
      normalizeSpaces(t).replace(linkTextRe(linkText), '').replace(/[\s|·•:\-–—[\]()»«<>/]+/g, '') === '';
    const align = innermostAlign();
    if (t !== '' && !navOnly) lines.push({ text: t, html: out.trim(), line: startLine, tag: tagFor(), ...(align ? { align } : {}) });
    else if (t === '' && lines.length > 0 && lines.at(-1)?.text !== '') lines.push({ text: '', html: '', line: startLine, tag: 'p' });
    text = '';
    uneven = false;
    out = '';
    links = 0;
    linkText = '';
  };
  const endPara = (): void => {
    endLine();
    if (lines.length > 0 && lines.at(-1)?.text !== '') lines.push({ text: '', html: '', line: startLine, tag: 'p' });
  };

  const parser = new Parser(
    {
      onopentag(name, attribs) {
        if (name === 'html' && attribs.lang) lang = attribs.lang;
        if (name === 'title') {
          inTitle = true;
          if (skipDepth > 0) skipDepth++;
          return;
        }
        if (skipDepth > 0) return void skipDepth++;
        const cls = `${attribs.class ?? ''} ${attribs.id ?? ''}`;
        if (SKIP_TAGS.has(name) || (classChrome && name !== 'body' && CHROME.test(cls))) {
          skipDepth = 1;
          return;
        }
        if (name === 'br') {
          if (text.trim() === '' && out.trim() === '') endPara();
          else endLine();
          startLine = lineAt(parser.startIndex);
          return;
        }
        if (name === 'hr') {
          endPara();
          lines.push({ text: '----', html: '<hr>', line: lineAt(parser.startIndex), tag: 'hr' });
          lines.push({ text: '', html: '', line: lineAt(parser.startIndex), tag: 'p' });
          return;
        }
        if (BLOCK.has(name)) {
          endPara();
          const inMasthead = masthead > 0 || MASTHEAD.test(cls);
          blocks.push(inMasthead ? `${name}#masthead` : name);
          if (inMasthead) masthead++;
          aligns.push(alignOf(name, attribs));
          if (name === 'pre') pre++;
          startLine = lineAt(parser.startIndex);
          return;
        }
        if (name === 'a') {
          links++;
          inLink = true;
        }
        if (INLINE.has(name) && name !== 'font' && name !== 'span') {
          const href = name === 'a' && attribs.href ? ` href="${escapeHtml(attribs.href)}"` : '';
          out += `<${name}${href}>`;
        }
      },
      ontext(data) {
        if (inTitle) return void (pageTitle = `${pageTitle ?? ''}${data}`);
        if (skipDepth > 0) return;
        if (text === '') startLine = lineAt(parser.startIndex);
        if (pre > 0 && data.includes('\n')) {
          const parts = data.split('\n');
          parts.forEach((p, i) => {
            if (i > 0) endLine();
            text += p;
            uneven = true;
            out += escapeHtml(p);
          });
          return;
        }
        const flags = flagsOf(data);
        // Two spaces can also meet where two pieces of text join.
        if ((flags & UNEVEN_SPACE) !== 0 || (data.charCodeAt(0) === 0x20 && text.charCodeAt(text.length - 1) === 0x20)) uneven = true;
        text += data;
        const collapsed = (flags & UNEVEN_SPACE) !== 0 ? data.replace(WS_RUN, ' ') : data;
        out += (flags & TO_ESCAPE) !== 0 ? escapeHtml(collapsed) : collapsed;
        if (inLink) linkText += ` ${data}`;
      },
      onclosetag(name) {
        if (name === 'title') inTitle = false;
        if (skipDepth > 0) return void skipDepth--;
        if (name === 'title') return;
        if (name === 'a') inLink = false;
        if (BLOCK.has(name) && name !== 'br' && name !== 'hr') {
          endPara();
          // (Only inside a masthead are there "#masthead" entries to look for.)
          const at = masthead > 0 ? Math.max(blocks.lastIndexOf(name), blocks.lastIndexOf(`${name}#masthead`)) : blocks.lastIndexOf(name);
          if (at !== -1) {
            if (masthead > 0) masthead -= blocks.slice(at).filter((b) => b.endsWith('#masthead')).length;
            blocks.splice(at);
            aligns.splice(at);
          }
          if (name === 'pre') pre = Math.max(0, pre - 1);
          return;
        }
        if (INLINE.has(name) && name !== 'font' && name !== 'span') out += `</${name}>`;
      },
    },
    { decodeEntities: true, lowerCaseTags: true, recognizeSelfClosing: true },
  );
  parser.write(html);
  parser.end();
  endPara();
  while (lines.at(-1)?.text === '') lines.pop();
  const title = pageTitle === null ? null : normalizeSpaces(pageTitle).replace(/\s+/g, ' ').trim() || null;
  return { lines, pageTitle: title, lang };
}

function alignOf(name: string, attribs: Record<string, string>): 'center' | 'right' | undefined {
  if (name === 'center') return 'center';
  const a = `${attribs.align ?? ''} ${/text-align\s*:\s*(\w+)/i.exec(attribs.style ?? '')?.[1] ?? ''}`.toLowerCase();
  return a.includes('center') ? 'center' : a.includes('right') ? 'right' : undefined;
}

function linkTextRe(linkText: string): RegExp {
  const words = linkText.split(/\s+/).filter((w) => w !== '').map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return words.length === 0 ? /$^/ : new RegExp(words.join('|'), 'g');
}
