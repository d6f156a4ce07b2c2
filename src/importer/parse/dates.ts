const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH = String.raw`(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?`;

/**
 * Reads the date formats old headers use into "YYYY-MM-DD", or null when the text does not
 * name one exact day ("Spring 2003" is kept by the caller as a note, never invented). Slashed
 * numeric dates read month-first like eFiction's default unless the first number exceeds 12;
 * dotted ones read day-first, as European writers used them.
 */
export function parseDate(text: string): string | null {
  const t = text.trim();
  let m = /\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\b/.exec(t);
  if (m) return ymd(+(m[1] ?? 0), +(m[2] ?? 0), +(m[3] ?? 0));
  m = new RegExp(String.raw`\b(\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?\s+${MONTH},?\s+(\d{4})\b`, 'i').exec(t);
  if (m) return ymd(+(m[3] ?? 0), monthOf(m[2] ?? ''), +(m[1] ?? 0));
  m = new RegExp(String.raw`\b${MONTH}\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b`, 'i').exec(t);
  if (m) return ymd(+(m[3] ?? 0), monthOf(m[1] ?? ''), +(m[2] ?? 0));
  m = /\b(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})\b/.exec(t);
  if (m) return ymd(year(m[3] ?? ''), +(m[2] ?? 0), +(m[1] ?? 0));
  m = /\b(\d{1,2})[/-](\d{1,2})[/-](\d{2}|\d{4})\b/.exec(t);
  if (m) {
    const a = +(m[1] ?? 0);
    const b = +(m[2] ?? 0);
    return a > 12 ? ymd(year(m[3] ?? ''), b, a) : ymd(year(m[3] ?? ''), a, b);
  }
  return null;
}

function monthOf(name: string): number {
  return MONTHS.indexOf(name.slice(0, 3).toLowerCase()) + 1;
}

function year(y: string): number {
  const n = +y;
  if (y.length === 4) return n;
  return n < 50 ? 2000 + n : 1900 + n;
}

function ymd(y: number, mo: number, d: number): string | null {
  if (y < 1950 || y > 2100 || mo < 1 || mo > 12 || d < 1) return null;
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCMonth() !== mo - 1) return null;
  return `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}
