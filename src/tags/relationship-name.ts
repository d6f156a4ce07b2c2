import { cleanTagName, tagKey } from './tag-key.js';

/**
 * Relationship names as AO3 writes them: romantic "A/B" (order does not matter, "B/A" is the
 * same pairing) and platonic "A & B" (also order-insensitive, but never the same as "A/B").
 * Names mixing both separators ("A/B & C") are left alone.
 */
export type RelationshipKind = 'romantic' | 'platonic';

export interface RelationshipName {
  kind: RelationshipKind;
  parts: string[];
}

const SEPARATOR: Record<RelationshipKind, string> = { romantic: '/', platonic: ' & ' };

export function parseRelationship(name: string): RelationshipName | null {
  const clean = cleanTagName(name);
  const hasSlash = clean.includes('/');
  const hasAmp = clean.includes('&');
  if (hasSlash === hasAmp) return null;
  const kind: RelationshipKind = hasSlash ? 'romantic' : 'platonic';
  const parts = clean.split(hasSlash ? '/' : '&').map((p) => p.trim());
  if (parts.length < 2 || parts.some((p) => p === '')) return null;
  return { kind, parts };
}

export function joinRelationship(kind: RelationshipKind, parts: readonly string[]): string {
  return parts.join(SEPARATOR[kind]);
}

/**
 * The order-insensitive identity of a relationship name: its parts' keys sorted and joined
 * by the kind's separator, so "Willow/Spike" and "spike / WILLOW" share "spike/willow" while
 * "Spike & Willow" has "spike & willow". null when the name is not a relationship.
 */
export function pairKey(name: string): string | null {
  const r = parseRelationship(name);
  if (!r) return null;
  return r.parts.map(tagKey).sort().join(SEPARATOR[r.kind]);
}
