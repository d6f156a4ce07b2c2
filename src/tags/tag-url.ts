/**
 * Tag names in URLs, percent-encoded with AO3's escapes for characters that break paths:
 * `/` → `*s*`, `&` → `*a*`, `.` → `*d*`, `?` → `*q*`, `#` → `*h*`.
 */
const ESCAPES: [string, string][] = [
  ['/', '*s*'],
  ['&', '*a*'],
  ['.', '*d*'],
  ['?', '*q*'],
  ['#', '*h*'],
];

export function tagToUrlSegment(name: string): string {
  let s = name;
  for (const [ch, esc] of ESCAPES) s = s.split(ch).join(esc);
  return encodeURIComponent(s).replace(/%2A/gi, '*');
}

/** The reverse of tagToUrlSegment; accepts an already percent-decoded segment too. */
export function tagFromUrlSegment(segment: string): string {
  let s = segment;
  try {
    s = decodeURIComponent(segment);
  } catch {
    // a stray % in a hand-typed URL: use the segment as it is
  }
  for (const [ch, esc] of ESCAPES) s = s.split(esc).join(ch);
  return s;
}

export function tagWorksPath(name: string): string {
  return `/tags/${tagToUrlSegment(name)}/works`;
}
