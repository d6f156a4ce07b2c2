/**
 * The header labels old story files use, in the many spellings hand-written headers show.
 * Each kind says where the value goes; spellings are regex fragments matched whole-word and
 * case-insensitively. Longer spellings are tried first so "Author's Notes" is not "Author".
 */
export type LabelKind =
  | 'title' | 'author' | 'rating' | 'warnings' | 'pairing' | 'characters' | 'fandom' | 'series'
  | 'category' | 'tags' | 'spoilers' | 'timeframe' | 'disclaimer' | 'summary' | 'notes' | 'dedication'
  | 'beta' | 'thanks' | 'feedback' | 'contact' | 'archive' | 'challenge' | 'wordcount' | 'parts'
  | 'status' | 'date' | 'updated' | 'language' | 'pov' | 'sequel' | 'prequel' | 'companion'
  | 'inspired' | 'translation' | 'stats' | 'subject' | 'ignore';

const SPELLINGS: [LabelKind, string][] = [
  ['title', String.raw`titel|titre|t[ií]tulo|(?:story|fic|work)?\s*title|name\s+of\s+(?:the\s+)?(?:story|fic)|story\s+name`],
  ['author', String.raw`autor(?:in)?|auteure?|autora|authors?|author\(s\)|written\s+by|writer|by|pen\s*name|creators?|posted\s+by`],
  ['rating', String.raw`(?:fic\s+|content\s+)?ratings?|rated|code`],
  ['warnings', String.raw`warnungen|warnung|avertissements?|advertencias?|avvertenze|(?:archive\s+|content\s+|trigger\s+)?warnings?|warned\s+for`],
  ['pairing', String.raw`pairings?|pairs?|couples?|relationships?|ships?|romance\s+pairings?`],
  ['characters', String.raw`charaktere|figuren|personnages|personajes|personaggi|characters?|chars|main\s+characters?|cast`],
  ['fandom', String.raw`fandoms?|show|universe|canon|crossover|fandom\/series`],
  ['series', String.raw`series|part\s+of\s+series|story\s+arc`],
  ['category', String.raw`categor(?:y|ies)`],
  ['tags', String.raw`classifications?|class|genres?|keywords?|additional\s+tags|tags|type|sub-?genres?`],
  ['spoilers', String.raw`spoilers?|spoiler\s+warnings?|spoiler\s+space`],
  ['timeframe', String.raw`time\s*frame|time\s*line|setting|takes\s+place|timing|season`],
  ['disclaimer', String.raw`disclaimers?|standard\s+disclaimer`],
  ['summary', String.raw`zusammenfassung|inhaltsangabe|inhalt|r[ée]sum[ée]|resumen|sinopsis|riassunto|summary|summaries|about|synopsis|blurb|description|story\s+summary`],
  ['notes', String.raw`notes?|a\s*\/\s*n|a\.\s*n\.?|an|author['’]?s?['’]?\s+notes?|authors['’]?\s+notes?|story\s+notes?|chapter\s+notes?|end\s+notes?|author\s+notes?`],
  ['dedication', String.raw`dedications?|dedicated\s+to|dedicated|for`],
  ['beta', String.raw`betas?|beta['’]?d\s+by|betaed\s+by|beta\s+read\s+by|beta\s*readers?|beta\s+thanks|betas?\s+by`],
  ['thanks', String.raw`thanks(?:\s+to)?|thank\s+you|acknowledge?ments?|credits?`],
  ['feedback', String.raw`feedback|comments?|c\s*&\s*c|concrit|reviews?`],
  ['contact', String.raw`e-?mails?|e-?mail\s+address|contact(?:\s+me)?|website|homepage|home\s+page|url|web\s*site|web\s*page|lj|livejournal|journal`],
  ['archive', String.raw`archives?|archiving|archived|distribution|permission\s+to\s+archive|archive\s+permission|archiving\s+permission|permissions?`],
  ['challenge', String.raw`collections?|challenges?|prompts?|written\s+for|requested\s+by|request|fic\s*-?\s*a\s*-?\s*thon|ficathon`],
  ['wordcount', String.raw`word\s*count|words|length|size|words\s+count`],
  ['parts', String.raw`parts?|chapters?|number\s+of\s+parts|installments?`],
  ['status', String.raw`status|completed?|finished|complete\?`],
  ['date', String.raw`date|dated|date\s+written|date\s+posted|written\s+on|written|posted\s+on|first\s+posted|originally\s+posted|published|posted|archived\s+on`],
  ['updated', String.raw`updated|last\s+updated|revised|last\s+revised`],
  ['language', String.raw`language`],
  ['pov', String.raw`pov|p\.o\.v\.?|point\s+of\s+view`],
  ['sequel', String.raw`sequel\s+to|sequel\s+of|sequel|follow-?\s*up\s+to`],
  ['prequel', String.raw`prequel\s+to|prequel`],
  ['companion', String.raw`companion\s+(?:piece\s+|story\s+)?to|companion\s+piece|companion`],
  ['inspired', String.raw`inspired\s+by`],
  ['translation', String.raw`translation\s+of|translated\s+from|original\s+story|translation`],
  ['stats', String.raw`stats|statistics`],
  ['subject', String.raw`subject|post\s+subject|re`],
  ['ignore', String.raw`read\s+count|reads|hits|kudos|bookmarks|views`],
];

interface LabelDef {
  kind: LabelKind;
  whole: RegExp;
}

const DEFS: LabelDef[] = SPELLINGS.map(([kind, re]) => ({ kind, whole: new RegExp(`^(?:${re})$`, 'i') }));

/** Every spelling, longest first, as one alternation. */
export const LABEL_ALT = SPELLINGS.flatMap(([, re]) => splitTopLevel(re))
  .sort((a, b) => b.length - a.length)
  .join('|');

/** Several labels joined: "Rating and Warnings", "Characters/Pairings", "Contact/Feedback". */
export const LABEL_PHRASE = `(?:${LABEL_ALT})(?:\\s*(?:\\/|&|\\+|,|\\band\\b)\\s*(?:${LABEL_ALT}))*`;

/** Maps one written label (no separators) to its kind, or null if it is not a label. */
export function labelKind(text: string): LabelKind | null {
  const t = text.replace(/[\s\u00a0]+/g, ' ').trim();
  return DEFS.find((d) => d.whole.test(t))?.kind ?? null;
}

/** Kinds of a combined label phrase, in order, without repeats. */
export function phraseKinds(phrase: string): LabelKind[] {
  const kinds: LabelKind[] = [];
  const parts = phrase.split(/\s*(?:\/|&|\+|,|\band\b)\s*/i);
  // "A/N", "Fandom/Series" and "C&C" contain a joiner themselves; try the whole phrase first.
  const whole = labelKind(phrase);
  if (whole) return [whole];
  for (let i = 0; i < parts.length; i++) {
    const two = i + 1 < parts.length ? labelKind(`${parts[i]}/${parts[i + 1]}`) : null;
    if (two) {
      kinds.push(two);
      i++;
      continue;
    }
    const k = labelKind(parts[i] ?? '');
    if (k && !kinds.includes(k)) kinds.push(k);
  }
  return kinds;
}

// Splits a regex fragment on its top-level "|" so spellings can be sorted by length.
function splitTopLevel(re: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (let i = 0; i < re.length; i++) {
    const c = re[i] as string;
    if (c === '\\') {
      cur += c + (re[i + 1] ?? '');
      i++;
      continue;
    }
    if (c === '(') depth++;
    if (c === ')') depth--;
    if (c === '|' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}
