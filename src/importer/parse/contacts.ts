/**
 * Emails and URLs in headers are provenance, never public text: an imported author never
 * agreed to have their old address republished. These helpers pull them out of a value and
 * tidy what is left ("Feedback welcome at mia@example.com" → "Feedback welcome").
 */
// Plain and bracket-obfuscated addresses ("mia (at) example (dot) com"). A bare " at " is
// not taken: in prose it is far more often the word than an address.
const EMAIL = /(?:mailto:)?[\w.+'-]+\s*(?:@|\(at\)|\[at\])\s*[\w-]+(?:\s*(?:\.|\(dot\)|\[dot\])\s*[\w-]+)+/gi;
const URL = /\b(?:https?:\/\/|www\.)[^\s<>()"'\]]+[^\s<>()"'\].,;:!?]/gi;

// A private-use character marks where an address was, so tidy() can remove its husk.
const HOLE = '\uE000';

export interface Extracted {
  text: string;
  contacts: string[];
}

// What EMAIL and URL cannot match without: an "@", "(at)" or "[at]"; "http://", "https://" or "www.".
// Tested first because EMAIL, tried at every word of a long value, backtracks through each.
const MAY_HOLD_EMAIL = /@|\(at\)|\[at\]/i;
const MAY_HOLD_URL = /https?:\/\/|www\./i;

export function extractContacts(text: string): Extracted {
  if (!MAY_HOLD_EMAIL.test(text) && !MAY_HOLD_URL.test(text)) return { text, contacts: [] };
  const contacts: string[] = [];
  let out = text.replace(EMAIL, (m) => {
    contacts.push(m.replace(/^mailto:/i, '').replace(/\s+/g, ''));
    return HOLE;
  });
  out = out.replace(URL, (m) => {
    contacts.push(m);
    return HOLE;
  });
  if (contacts.length === 0) return { text, contacts };
  return { text: tidy(out), contacts };
}

/** Removes the husk an address leaves: empty brackets, dangling "at"/"to"/"email:". */
function tidy(s: string): string {
  // The word that pointed at the address goes with it: "write to <address> please".
  let t = s
    .replace(/[ \t]*\b(?:at|to|via|e-?mail(?:\s+me)?|contact(?:\s+me)?)[ \t]*:?[ \t]*[<([{]?\uE000[>)\]}]?/gi, '')
    .replace(/[<([{]?\uE000[>)\]}]?/g, ' ')
    .replace(/[<([{]\s*[>)\]}]/g, ' ');
  for (let i = 0; i < 3; i++) {
    t = t
      .replace(/[ \t]+/g, ' ')
      .replace(/[ \t]+(?:at|to|via|@)[ \t]*([.,;!?])/gim, '$1')
      .replace(/(?:\s|^)(?:at|to|via|@|e-?mail(?:\s+me)?|or|and|,|:|-|–|—)\s*$/gim, '')
      .replace(/\s+([.,;!?])/g, '$1')
      .replace(/^[\s,;:–—-]+/, '')
      .replace(/(:)\s*[,;–—-]\s+/g, '$1 ')
      .trim();
  }
  return t;
}

export function hasContact(text: string): boolean {
  return extractContacts(text).contacts.length > 0;
}
