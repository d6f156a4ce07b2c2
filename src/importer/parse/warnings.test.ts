import { describe, expect, it } from 'vitest';
import { mapWarnings } from './index.js';

describe('mapWarnings', () => {
  it.each([
    ['character death', ['Major Character Death']],
    ['Major Character Death', ['Major Character Death']],
    ['deathfic', ['Major Character Death']],
    ['non-con', ['Rape/Non-Con']],
    ['noncon', ['Rape/Non-Con']],
    ['Rape/Non-Con', ['Rape/Non-Con']],
    ['graphic violence', ['Graphic Depictions Of Violence']],
    ['Graphic Depictions Of Violence', ['Graphic Depictions Of Violence']],
    ['underage', ['Underage Sex']],
    ['None', ['No Archive Warnings Apply']],
    ['no warnings', ['No Archive Warnings Apply']],
    ['No Archive Warnings Apply', ['No Archive Warnings Apply']],
    ['Creator Chose Not To Use Archive Warnings', ['Creator Chose Not To Use Archive Warnings']],
  ])('%s → %j', (text, warnings) => expect(mapWarnings(text)).toEqual({ warnings, extraTags: [] }));

  it('keeps everything unclear as tags, as written', () => {
    expect(mapWarnings('angst, violence, dub-con, swearing')).toEqual({
      warnings: ['Creator Chose Not To Use Archive Warnings'],
      extraTags: ['angst', 'violence', 'dub-con', 'swearing'],
    });
  });

  it('maps several warnings on one line and keeps the rest', () => {
    expect(mapWarnings('graphic violence; character death and angst')).toEqual({
      warnings: ['Graphic Depictions Of Violence', 'Major Character Death'],
      extraTags: ['angst'],
    });
  });

  it('"minor character death" is not Major Character Death', () => {
    expect(mapWarnings('minor character death')).toEqual({
      warnings: ['Creator Chose Not To Use Archive Warnings'],
      extraTags: ['minor character death'],
    });
  });

  it('"underage drinking" is not Underage Sex', () => {
    expect(mapWarnings('underage drinking').warnings).toEqual(['Creator Chose Not To Use Archive Warnings']);
  });

  it('a real warning beats "none" in the same value', () => {
    expect(mapWarnings('none, except character death').warnings).toEqual(['Major Character Death']);
  });

  it('nothing stated → Creator Chose Not To Use Archive Warnings', () => {
    expect(mapWarnings(null)).toEqual({ warnings: ['Creator Chose Not To Use Archive Warnings'], extraTags: [] });
    expect(mapWarnings('')).toEqual({ warnings: ['Creator Chose Not To Use Archive Warnings'], extraTags: [] });
  });
});
