/**
 * Emails and URLs in headers are provenance, never public text: an imported author never
 * agreed to have their old address republished. These helpers pull them out of a value and
 * tidy what is left ("Feedback welcome at mia@example.com" → "Feedback welcome").
 */
const EMAIL = /(?:mailto:)?[\w.+'-]+\s*(?:@|\(at\)|\[at\]|\s+at\s+(?=[\w-]+\s*(?:\.|\(dot\)|\[dot\])))\s*[\w-]+(?:\s*(?:\.|\(dot\)|\[dot\])\s*[\w-]+)+/gi;
const URL = /\b(?:https?:\/\/|www\.)[^\s<>()"'\]]+[^\s<>()"'\].,;:!?]/gi;

export interface Extracted {
  text: string;
  contacts: string[];
}

export function extractContacts(text: string): Extracted {
  const contacts: string[] = [];
  let out = text.replace(EMAIL, (m) => {
    // "looked at me. Then" must not read as an address: a real one has "@" or a bracketed at.
    if (!/@|\(at\)|\[at\]/i.test(m)) return m;
    contacts.push(m.replace(/^mailto:/i, '').replace(/\s+/g, ''));
    return ' ';
  });
  out = out.replace(URL, (m) => {
    contacts.push(m);
    return ' ';
  });
  if (contacts.length === 0) return { text, contacts };
  return { text: tidy(out), contacts };
}

/** Removes the husk an address leaves: empty brackets, dangling "at"/"to"/"email:". */
function tidy(s: string): string {
  let t = s.replace(/[<(\[{]\s*[>)\]}]/g, ' ');
  for (let i = 0; i < 3; i++) {
    t = t
      .replace(/[ \t]+/g, ' ')
      .replace(/(?:\s|^)(?:at|to|via|@|e-?mail(?:\s+me)?|or|and|,|:|-|–|—)\s*$/gim, '')
      .replace(/\s+([.,;!?])/g, '$1')
      .trim();
  }
  return t;
}

export function hasContact(text: string): boolean {
  return extractContacts(text).contacts.length > 0;
}
