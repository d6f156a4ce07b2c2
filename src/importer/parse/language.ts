const NAMES: Record<string, string> = {
  english: 'en', german: 'de', deutsch: 'de', french: 'fr', français: 'fr', francais: 'fr',
  spanish: 'es', español: 'es', espanol: 'es', italian: 'it', italiano: 'it', portuguese: 'pt',
  português: 'pt', dutch: 'nl', nederlands: 'nl', russian: 'ru', русский: 'ru', japanese: 'ja',
  日本語: 'ja', chinese: 'zh', 中文: 'zh', polish: 'pl', polski: 'pl', swedish: 'sv', svenska: 'sv',
  finnish: 'fi', suomi: 'fi', danish: 'da', dansk: 'da', norwegian: 'no', norsk: 'no', czech: 'cs',
  hungarian: 'hu', greek: 'el', turkish: 'tr', korean: 'ko', 한국어: 'ko', hebrew: 'he', arabic: 'ar',
  catalan: 'ca', català: 'ca', indonesian: 'id', vietnamese: 'vi', tagalog: 'tl', latin: 'la',
};

/** Maps a stated language ("English", "Deutsch", "pt-BR") to a BCP 47 tag, or null. */
export function languageTag(text: string | null | undefined): string | null {
  if (!text) return null;
  const t = text.trim().toLowerCase();
  const named = NAMES[t];
  if (named) return named;
  const m = /^([a-z]{2,3})(?:[-_]([a-z]{2}|\d{3}|[a-z]{4}))?$/i.exec(t);
  if (!m) return null;
  return m[2] ? `${m[1]}-${m[2].length === 2 ? m[2].toUpperCase() : m[2]}` : (m[1] ?? null);
}

// The commonest short function words of the languages old archives were written in. They
// are frequent enough that a few hundred words of story settle the question.
const STOPWORDS: Record<string, string[]> = {
  en: ['the', 'and', 'was', 'she', 'he', 'of', 'to', 'it', 'her', 'his', 'that', 'with', 'in', 'had', 'you'],
  de: ['und', 'der', 'die', 'das', 'nicht', 'ich', 'sie', 'ist', 'ein', 'eine', 'zu', 'mit', 'sich', 'war', 'den'],
  fr: ['le', 'la', 'les', 'et', 'est', 'un', 'une', 'il', 'elle', 'pas', 'que', 'qui', 'dans', 'du', 'des'],
  es: ['el', 'la', 'los', 'las', 'y', 'que', 'de', 'en', 'un', 'una', 'no', 'se', 'por', 'con', 'su'],
  it: ['il', 'che', 'non', 'di', 'e', 'la', 'un', 'una', 'per', 'era', 'con', 'gli', 'della', 'sono', 'lo'],
  pt: ['que', 'não', 'de', 'e', 'o', 'a', 'um', 'uma', 'com', 'para', 'era', 'ela', 'ele', 'os', 'do'],
  nl: ['de', 'het', 'een', 'en', 'van', 'niet', 'ik', 'zij', 'hij', 'dat', 'was', 'met', 'op', 'te', 'je'],
};

// word → languages it is a function word of, built once.
export const WORD_LANGS = new Map<string, string[]>();
for (const [lang, list] of Object.entries(STOPWORDS)) {
  for (const w of list) WORD_LANGS.set(w, [...(WORD_LANGS.get(w) ?? []), lang]);
}
const WORD = /\p{L}+/gu;

/** How many of the first 250 words of `text` are function words of each language, and `total` words. */
export function functionWordCounts(text: string): { counts: Map<string, number>; total: number } {
  const counts = new Map<string, number>();
  // All words at once: an exec loop, word by word, cost more than the counting.
  const words = text.slice(0, 1500).toLowerCase().match(WORD) ?? [];
  const total = Math.min(words.length, 250);
  for (let i = 0; i < total; i++) {
    for (const lang of WORD_LANGS.get(words[i] as string) ?? []) counts.set(lang, (counts.get(lang) ?? 0) + 1);
  }
  return { counts, total };
}

/**
 * Guesses the language of story text from function words, or null when the sample is short
 * or no language clearly leads (a guess that is not clear is worse than none).
 */
export function detectLanguage(text: string): string | null {
  const { counts, total } = functionWordCounts(text);
  if (total < 30) return null;
  const scores = [...counts.entries()].sort((a, b) => b[1] - a[1]);
  const [best, second] = scores;
  if (!best || best[1] / total < 0.12 || (second && best[1] < second[1] * 1.5)) return null;
  return best[0];
}
