import { describe, expect, it } from 'vitest';
import { joinRelationship, pairKey, parseRelationship } from './relationship-name.js';
import { editDistance, nameSimilarity } from './similarity.js';
import { characterCandidates, expandRelationship, parseDictionary } from './dictionary.js';

const VELL = parseDictionary(`fandom: Vell
characters:
  - { name: Ismay Thorne, nicknames: [Izzy], initials: [I, IT] }
  - { name: Corwin Hale, nicknames: [Cor], initials: [C, CH] }
  - { name: Celeste Marr, nicknames: [Cel], initials: [C, CM] }
  - { name: Tamsin Oduya, nicknames: [Tam], initials: [T, TO] }
`);

describe('relationship names', () => {
  it('parses romantic and platonic pairings, and leaves mixed or empty ones alone', () => {
    expect(parseRelationship(' Spike / Willow ')).toEqual({ kind: 'romantic', parts: ['Spike', 'Willow'] });
    expect(parseRelationship('A & B & C')).toEqual({ kind: 'platonic', parts: ['A', 'B', 'C'] });
    expect(parseRelationship('A/B & C')).toBeNull();
    expect(parseRelationship('A/')).toBeNull();
    expect(parseRelationship('Fluff')).toBeNull();
    expect(joinRelationship('platonic', ['A', 'B'])).toBe('A & B');
  });
  it('keys A/B and B/A alike, never like A & B', () => {
    expect(pairKey('Willow/Spike')).toBe(pairKey('spike/WILLOW'));
    expect(pairKey('Spike & Willow')).toBe(pairKey('Willow & Spike'));
    expect(pairKey('Spike & Willow')).not.toBe(pairKey('Spike/Willow'));
    expect(pairKey('Straße/Ada')).toBe(pairKey('ada/STRASSE'));
  });
});

describe('dictionary expansion', () => {
  it('expands initials and nicknames when every part means one character, keeping order and kind', () => {
    expect(expandRelationship('I/T', [VELL])).toEqual({ kind: 'expanded', name: 'Ismay Thorne/Tamsin Oduya' });
    expect(expandRelationship('tam & izzy', [VELL])).toEqual({ kind: 'expanded', name: 'Tamsin Oduya & Ismay Thorne' });
    expect(expandRelationship('CH/CM', [VELL])).toEqual({ kind: 'expanded', name: 'Corwin Hale/Celeste Marr' });
  });
  it('never guesses: an ambiguous initial gives every candidate pairing', () => {
    expect(expandRelationship('T/C', [VELL])).toEqual({ kind: 'ambiguous', candidates: ['Tamsin Oduya/Corwin Hale', 'Tamsin Oduya/Celeste Marr'] });
    expect(characterCandidates('C', [VELL])).toEqual(['Corwin Hale', 'Celeste Marr']);
  });
  it('changes nothing when a part is unknown, names are already full, or there is no dictionary', () => {
    expect(expandRelationship('I/Q', [VELL])).toEqual({ kind: 'none' });
    expect(expandRelationship('Ismay Thorne/Tamsin Oduya', [VELL])).toEqual({ kind: 'none' });
    expect(expandRelationship('I/T', [])).toEqual({ kind: 'none' });
  });
  it('rejects a dictionary with unknown keys', () => {
    expect(() => parseDictionary('fandom: X\ncharacter: []\n')).toThrow(/character/);
  });
});

describe('spelling similarity', () => {
  it('stops early past the limit and scores order-insensitively for pairings', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('kitten', 'sitting', 1)).toBe(2);
    expect(nameSimilarity('Ismay Thorn', 'Ismay Thorne')).toBeGreaterThan(0.9);
    expect(nameSimilarity('Willow/Spike', 'Spike/Willow')).toBe(1);
    expect(nameSimilarity('Fluff', 'Angst', 0.6)).toBe(0);
  });
});
