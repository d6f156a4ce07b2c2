import { escapeHtml } from '../../works/sanitize.js';

/**
 * The little Markdown old Markdown story files use inline: **strong**, *em* / _em_, and
 * [links](url). Block structure (paragraphs, headings, rules) is handled line by line.
 */
export function markdownInline(text: string): string {
  // Most lines have no markup at all; skip the regexes for them.
  if (!/[*_[]/.test(text)) return escapeHtml(text);
  return escapeHtml(text)
    .replace(/\*\*(?=\S)(.+?)(?<=\S)\*\*/g, '<strong>$1</strong>')
    .replace(/(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])/g, '<em>$1</em>')
    .replace(/(?<!\w)_(?=\S)(.+?)(?<=\S)_(?!\w)/g, '<em>$1</em>')
    .replace(/\[([^\]]{1,200})\]\((https?:[^)\s]+)\)/g, '<a href="$2">$1</a>');
}
