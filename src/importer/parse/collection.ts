import { parseLabelLine } from './label-line.js';
import { isSeparator, type SourceLine } from './source-line.js';

const TITLE_START = /^[\s*_~#>[(•·-]*(?:story\s+|fic\s+)?title\s*(?::|\s-|\.)\s*\S/i;

/** Finds a second "Title:" header (with more labels under it) after some story text. */
export function splitAtNextHeader(lines: SourceLine[]): { body: SourceLine[]; rest: SourceLine[] | null } {
  let seenStory = false;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] as SourceLine;
    if (l.text === '') continue;
    const paraStart = i === 0 || lines[i - 1]?.text === '' || isSeparator(lines[i - 1] as SourceLine);
    if (seenStory && paraStart && TITLE_START.test(l.text)) {
      const below = lines.slice(i + 1, i + 5).filter((x) => x.text !== '');
      if (below.some((x) => (parseLabelLine(x.text, x.line, { allowNoSeparator: false }) ?? []).some((f) => f.kinds[0] !== 'title'))) {
        return { body: lines.slice(0, i), rest: lines.slice(i) };
      }
    }
    if (!isSeparator(l)) seenStory = true;
  }
  return { body: lines, rest: null };
}
