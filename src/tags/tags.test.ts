import { describe, expect, it } from 'vitest';
import { tagFromUrlSegment, tagToUrlSegment, tagWorksPath } from './tag-url.js';
import { tagKey } from './tag-key.js';

describe('tag URLs', () => {
  it("uses AO3's escapes for characters that break paths", () => {
    expect(tagToUrlSegment('Ada/Ben')).toBe('Ada*s*Ben');
    expect(tagToUrlSegment('Ada & Ben')).toBe('Ada%20*a*%20Ben');
    expect(tagToUrlSegment('Mr. Smith?')).toBe('Mr*d*%20Smith*q*');
    expect(tagToUrlSegment('#1 Fan')).toBe('*h*1%20Fan');
    expect(tagWorksPath('Hurt/Comfort')).toBe('/tags/Hurt*s*Comfort/works');
  });
  it('round-trips any name', () => {
    for (const name of ['Ada/Ben', 'A & B', 'St. Jude?', '#hashtag', '100% Fluff', 'Ünïcödé/名前', 'plain']) {
      expect(tagFromUrlSegment(tagToUrlSegment(name))).toBe(name);
    }
  });
});

describe('tag identity', () => {
  it('folds case fully and normalises with NFKC', () => {
    expect(tagKey('Straße')).toBe(tagKey('STRASSE'));
    expect(tagKey('ＡＢＣ')).toBe(tagKey('abc'));
    expect(tagKey('ΟΔΥΣΣΕΥΣ')).toBe(tagKey('οδυσσευς'));
    expect(tagKey('  Spike   /  Willow ')).toBe('spike / willow');
    expect(tagKey('Café')).toBe(tagKey('Cafe\u0301'));
    expect(tagKey('Spike/Willow')).not.toBe(tagKey('Willow/Spike'));
  });
});
