import type { Field } from './label-line.js';
import { labelKind, type LabelKind } from './labels.js';
import { languageTag } from './language.js';

const INFO = /^\s*Rated:\s*(Fiction\s+(?:K\+?|T|M|MA))\s+-\s+(.*)$/i;
const GENRES = new Set(['adventure', 'angst', 'crime', 'drama', 'family', 'fantasy', 'friendship', 'general', 'horror', 'humor',
  'hurt/comfort', 'mystery', 'parody', 'poetry', 'romance', 'sci-fi', 'spiritual', 'supernatural', 'suspense', 'tragedy', 'western']);
// Counters of the old site itself, not facts about the story.
const IGNORE = /^(?:reviews|favs|follows|id|chapters)$/i;

/**
 * The one-line info block of a saved FanFiction.net page: "Rated: Fiction T - English -
 * Romance/Drama - [Ada, Tom] Jo - Words: 1,234 - … - Status: Complete - id: 42". Its parts
 * are separated by " - " and only some are labelled, so it is read by position.
 */
export function parseFfnInfoLine(text: string, line: number): Field[] | null {
  const m = INFO.exec(text);
  if (!m) return null;
  const fields: Field[] = [{ kinds: ['rating'], label: 'Rated', value: m[1] ?? '', line }];
  const add = (kind: LabelKind, label: string, value: string): void => void fields.push({ kinds: [kind], label, value, line });
  for (const part of (m[2] ?? '').split(/\s+-\s+/)) {
    const labelled = /^([A-Za-z][\w ]*?):\s*(.*)$/.exec(part);
    if (labelled) {
      const [, label = '', value = ''] = labelled;
      const kind = IGNORE.test(label) ? 'ignore' : labelKind(label);
      if (kind) add(kind, label, value);
      continue;
    }
    if (languageTag(part) && !fields.some((f) => f.kinds[0] === 'language')) add('language', 'Language', part);
    else if (isGenres(part)) add('tags', 'Genre', part.replace(/\/(?!Comfort)/gi, ', '));
    else {
      // "[Ada, Tom] Jo": bracketed names are a pairing; everyone listed is a character.
      for (const g of part.matchAll(/\[([^\]]+)\]/g)) add('pairing', 'Pairing', (g[1] ?? '').split(/\s*,\s*/).join('/'));
      add('characters', 'Characters', part.replace(/[[\]]/g, ' ').replace(/\s+(?=\S)/g, ' ').replace(/\s*,\s*/g, ', ').replace(/(\S)\s+(?=\p{Lu}\S*(?:\s+\p{Lu}\.)?\s*$)/u, '$1, ').trim());
    }
  }
  return fields;
}

function isGenres(part: string): boolean {
  const words = part.toLowerCase().replace('hurt/comfort', 'hurt_comfort').split('/');
  return words.every((w) => GENRES.has(w.replace('hurt_comfort', 'hurt/comfort')));
}
