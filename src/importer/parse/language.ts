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
