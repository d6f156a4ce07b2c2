import { parseDocument } from 'htmlparser2';
import { DomUtils } from 'htmlparser2';
import { isAscii } from 'node:buffer';
import { posix } from 'node:path';
import { decodeLegacyBytes } from './parse/decode.js';

/** What a site's own index page says about a story file it links to. */
export interface IndexHint {
  title: string | null;
  author: string | null;
  /** The index page the hint came from. */
  from: string;
}

export interface NavPageInfo {
  /** True when the page is navigation only (an index of links), not a story. */
  navigation: boolean;
  /** Hints for local story files this page links to, by their path within the import. */
  hints: Map<string, IndexHint>;
}

const STORY_LINK = /\.(txt|html?|md)$/i;

/**
 * Reads an HTML page of an old site: when most of its text is links to other local files and
 * it has little prose of its own, it is a navigation page (an author or story index). Its link
 * texts give titles, and "by NAME" beside a link (or an "Author:"/"Stories by NAME" heading)
 * gives authors, for story files whose own header lacks them.
 */
export function readNavPage(html: string, rel: string): NavPageInfo {
  if (!mayBeNavigation(html)) return { navigation: false, hints: new Map() };
  const doc = parseDocument(html);
  const body = DomUtils.findOne((e) => e.name === 'body', doc.children) ?? doc;
  const text = DomUtils.textContent(body).replace(/\s+/g, ' ').trim();
  const links = DomUtils.findAll((e) => e.name === 'a' && typeof e.attribs.href === 'string', [body]);
  const dir = posix.dirname(rel);
  const hints = new Map<string, IndexHint>();
  let linkChars = 0;
  let localStoryLinks = 0;
  const pageAuthor = /(?:stories|fiction|works)\s+by\s+([^\n|<>]{2,60})/i.exec(text)?.[1]?.trim() ?? null;
  for (const a of links) {
    const label = DomUtils.textContent(a).replace(/\s+/g, ' ').trim();
    linkChars += label.length;
    const href = (a.attribs.href ?? '').split('#')[0] ?? '';
    if (href === '' || /^[a-z]+:/i.test(href) || href.startsWith('//') || !STORY_LINK.test(href)) continue;
    localStoryLinks++;
    const target = posix.normalize(posix.join(dir === '.' ? '' : dir, href)).replace(/^\.\//, '');
    // "by NAME" in the text right after the link, up to the end of its line or the next link.
    const after = a.next ? DomUtils.textContent(a.next).slice(0, 120) : '';
    const by = /^\s*(?:,|-|–)?\s*by\s+([^,.;()\n]{2,60})/i.exec(after)?.[1]?.trim() ?? null;
    if (!hints.has(target)) hints.set(target, { title: label || null, author: by ?? pageAuthor, from: rel });
  }
  const prose = text.length - linkChars;
  const navigation = localStoryLinks >= 2 && (linkChars >= text.length * 0.4 || (localStoryLinks >= 3 && prose < 300));
  return { navigation, hints };
}

/**
 * A cheap look before parsing: a page with fewer than two links to local story files, or
 * with far more prose than link text, cannot be an index. Story pages are most of a site, and
 * this keeps the importer from parsing each of them twice.
 */
function mayBeNavigation(html: string): boolean {
  const links = storyLinks(html);
  if (links.length < 2) return false;
  const { linkText, most } = indexTextLimit(links);
  // A story page is decided on its first few KB. (When the prefix is the whole page, its text
  // is measured below.)
  const prefixEnd = html.lastIndexOf('>', Math.ceil(most * 4)) + 1;
  if (prefixEnd > 0 && prefixEnd < html.length && openingExceeds(html.slice(0, prefixEnd), most, textLength)) return false;
  const text = textLength(html);
  return linkText >= text * 0.3 || (links.length >= 3 && text - linkText < 600);
}

/**
 * The link text of a page's story links, and the most text the page may have and still be an
 * index (past it, its link text is under 30% of its text, and with three links or more its
 * prose is 600 characters or more): `mayBeNavigation`'s rule, which `clearlyNoIndex` bounds.
 */
function indexTextLimit(links: readonly string[]): { linkText: number; most: number } {
  const linkText = links.reduce((n, a) => n + a.replace(/<[^>]*>/g, '').trim().length, 0);
  return { linkText, most: Math.max(linkText / 0.3, links.length >= 3 ? linkText + 600 : 0) + 2 };
}

/**
 * True when a page's opening, cut at the end of a tag, holds more than `most` text by
 * `measure`: tags are cut off whole, so its text is part of the page's (unless a script or
 * style block is cut in two: then it proves nothing).
 */
function openingExceeds(prefix: string, most: number, measure: (html: string) => number): boolean {
  return !/<(?:script|style)/i.test(prefix) && measure(prefix) > most;
}

/** A link to a local story file, with its text. */
export const STORY_LINK_TAG = /<a\s[^>]*href\s*=\s*["']?(?![a-z]+:|\/\/)[^"'\s>]*\.(?:txt|html?|md)\b[^>]*>[\s\S]*?<\/a>/gi;
const STORY_LINK_TAG_AT = new RegExp(STORY_LINK_TAG.source, 'iy');

/**
 * `html.match(STORY_LINK_TAG) ?? []`, with the regex tried only where a link can start (at
 * "<a" or "<A", found by native searches) instead of at every character of the page: the
 * regex's own scan was half of what the navigation look cost a story page.
 */
export function storyLinks(html: string): string[] {
  const links: string[] = [];
  let lower = html.indexOf('<a');
  let upper = html.indexOf('<A');
  for (let from = 0; ; ) {
    if (lower !== -1 && lower < from) lower = html.indexOf('<a', from);
    if (upper !== -1 && upper < from) upper = html.indexOf('<A', from);
    const at = lower === -1 ? upper : upper === -1 ? lower : Math.min(lower, upper);
    if (at === -1) return links;
    STORY_LINK_TAG_AT.lastIndex = at;
    const m = STORY_LINK_TAG_AT.exec(html);
    if (m === null) from = at + 1;
    else {
      links.push(m[0]);
      from = STORY_LINK_TAG_AT.lastIndex;
    }
  }
}

/**
 * True when the page's raw bytes already show it is no index, without decoding it: markup is
 * ASCII in every encoding an old page can have except UTF-16, so the page is looked at as its
 * bytes read as Latin-1 (one character a byte). It is no index when it has fewer than two
 * links to local story files, or when even a low count of its text (its ASCII characters
 * only: each is one character of the decoded page) outweighs a high count of its link text
 * (bytes, not characters) as `mayBeNavigation` measures them. Pages in UTF-16, or with a
 * non-ASCII byte right after "<a", are left to the full look. Most pages of a site are
 * stories, and this spares decoding each of them twice.
 */
export function cannotBeNavigation(bytes: Uint8Array): boolean {
  const text = latin1(bytes);
  return text !== null && clearlyNoIndex(text);
}

/** The bytes read as Latin-1; null for UTF-16 (by its byte-order mark). */
function latin1(bytes: Uint8Array): string | null {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return null;
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

function clearlyNoIndex(latin1Text: string): boolean {
  if (nonAsciiAfterAnchor(latin1Text)) return false;
  const links = storyLinks(latin1Text);
  if (links.length < 2) return true;
  // The link text counted in bytes is at least its characters: `most` is at least the real limit.
  const { most } = indexTextLimit(links);
  // Multi-byte characters make a page's bytes longer than its text: a longer prefix than mayBeNavigation's.
  const prefixEnd = latin1Text.lastIndexOf('>', Math.ceil(most * 8)) + 1;
  return openingExceeds(prefixEnd > 0 ? latin1Text.slice(0, prefixEnd) : latin1Text, most, asciiTextLength);
}

/** `textLength` of the ASCII characters only: no more than the decoded page's text length. */
const asciiTextLength = (latin1Text: string): number => textLength(latin1Text.replace(/[\x80-\xff]+/g, ''));

/** `/<a[\x80-\xff]/i.test(text)` by native searches for "<a" and "<A" (the regex's scan cost more than the rest of the look). */
function nonAsciiAfterAnchor(text: string): boolean {
  for (const open of ['<a', '<A']) {
    for (let at = text.indexOf(open); at !== -1; at = text.indexOf(open, at + 2)) if (text.charCodeAt(at + 2) >= 0x80) return true;
  }
  return false;
}

/**
 * `readNavPage` of a page's bytes, decoded only when they do not already show it is no index.
 * Plain ASCII reads the same in every encoding such a page can have, so it is not decoded either.
 */
export function readNavFile(bytes: Uint8Array, rel: string): NavPageInfo {
  const text = latin1(bytes);
  if (text !== null && clearlyNoIndex(text)) return { navigation: false, hints: new Map() };
  return readNavPage(text !== null && isAscii(bytes) ? text : decodeLegacyBytes(bytes, rel).text, rel);
}

/** The length of a page's text, spaces folded. */
function textLength(html: string): number {
  return html.replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').length;
}
