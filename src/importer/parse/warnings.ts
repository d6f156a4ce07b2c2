import type { ArchiveWarning } from './record-schema.js';

export interface WarningsResult {
  warnings: ArchiveWarning[];
  extraTags: string[];
}

export const NO_WARNINGS: ArchiveWarning = 'No Archive Warnings Apply';
export const CHOSE_NOT_TO_WARN: ArchiveWarning = 'Creator Chose Not To Use Archive Warnings';

/**
 * Legacy warning words whose meaning is unambiguously one AO3 archive warning. Anything less
 * clear ("violence", "dub-con", "angst") stays as an additional tag rather than guessing.
 */
const CLEAR: { re: RegExp; warning: ArchiveWarning }[] = [
  { re: /^(?:none|no(?:ne)?\s+warnings?(?:\s+apply)?|no\s+archive\s+warnings\s+apply|n\/a|nothing)\b/i, warning: NO_WARNINGS },
  { re: /creator\s+cho(?:se|oses?)\s+not\s+to\s+(?:use\s+archive\s+warnings|warn)|chose\s+not\s+to\s+warn/i, warning: CHOSE_NOT_TO_WARN },
  { re: /(?<!minor\s+)\b(?:major\s+)?character\s+deaths?\b|\bdeath\s*fic\b|\bdeathfic\b/i, warning: 'Major Character Death' },
  { re: /\bnon-?\s?con(?:sensual|sent)?\b|\brape\b/i, warning: 'Rape/Non-Con' },
  { re: /\bgraphic\s+(?:depictions?\s+of\s+)?violence\b/i, warning: 'Graphic Depictions Of Violence' },
  { re: /\bunder-?\s?age(?!\s+(?:drinking|smoking))\b(?:\s+sex)?/i, warning: 'Underage Sex' },
];

/**
 * Splits a legacy warnings value into AO3 archive warnings and leftover tags (kept as
 * written). Nothing stated in AO3 terms means the creator did not use archive warnings.
 */
export function mapWarnings(text: string | null): WarningsResult {
  const warnings: ArchiveWarning[] = [];
  const extraTags: string[] = [];
  for (const piece of splitWarnings(text ?? '')) {
    const hit = CLEAR.find((c) => c.re.test(piece));
    if (hit) {
      // The mapped piece is consumed; its exact wording survives in warningText.
      if (!warnings.includes(hit.warning)) warnings.push(hit.warning);
    } else if (!extraTags.includes(piece)) {
      extraTags.push(piece);
    }
  }
  // "None" beside a real warning is a contradiction; the real warning is the safer reading.
  const real = warnings.filter((w) => w !== NO_WARNINGS && w !== CHOSE_NOT_TO_WARN);
  if (real.length > 0) return { warnings: real, extraTags };
  if (warnings.length === 0) return { warnings: [CHOSE_NOT_TO_WARN], extraTags };
  return { warnings: [warnings[0] as ArchiveWarning], extraTags };
}

function splitWarnings(text: string): string[] {
  return text
    .replace(/\u00a0/g, ' ')
    .split(/\s*(?:[,;•]|\s\/\s|\band\b(?=\s))\s*/i)
    .map((p) => p.trim().replace(/\.$/, '').trim())
    .filter((p) => p.length > 0);
}

/** Applies the same "real warning beats None, nothing beats nothing" rule to a merged list. */
export function resolveWarnings(found: ArchiveWarning[]): ArchiveWarning[] {
  const real = found.filter((w) => w !== NO_WARNINGS && w !== CHOSE_NOT_TO_WARN);
  if (real.length > 0) return [...new Set(real)];
  if (found.includes(NO_WARNINGS)) return [NO_WARNINGS];
  return [CHOSE_NOT_TO_WARN];
}

export { splitWarnings };
