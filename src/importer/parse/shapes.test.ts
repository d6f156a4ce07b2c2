import { describe, expect, it } from 'vitest';
import { listFixtures } from './fixture-files.js';
import { parseImportMap, parseLegacyFile, type ParsedWork } from './index.js';

const FIXTURES = listFixtures();

function parseFixture(name: string): ParsedWork {
  const fx = FIXTURES.find((f) => f.name === name);
  if (!fx) throw new Error(`no fixture ${name}`);
  const map = fx.mapYaml === null ? undefined : parseImportMap(fx.mapYaml);
  return parseLegacyFile(fx.bytes, fx.name, map ? { map } : {})[0] as ParsedWork;
}

function parseText(text: string, path = 'inline.txt'): ParsedWork {
  return parseLegacyFile(Buffer.from(text, 'utf8'), path)[0] as ParsedWork;
}

describe('invariants over every fixture', () => {
  for (const fx of FIXTURES) {
    it(fx.name, () => {
      for (const w of parseAll(fx.name)) checkInvariants(w, fx.name);
    });
  }
});

function parseAll(name: string): ParsedWork[] {
  const fx = FIXTURES.find((f) => f.name === name);
  if (!fx) throw new Error(`no fixture ${name}`);
  const map = fx.mapYaml === null ? undefined : parseImportMap(fx.mapYaml);
  return parseLegacyFile(fx.bytes, fx.name, map ? { map } : {});
}

function checkInvariants(w: ParsedWork, name: string): void {
  {
    {
      const publicJson = JSON.stringify(w.record);
      // Emails and URLs are private provenance, never in public fields.
      for (const c of w.contacts) expect(publicJson).not.toContain(c);
      expect(publicJson).not.toMatch(/[\w.]+@[\w-]+\.\w+/);
      expect(publicJson).not.toMatch(/https?:\/\/|www\./);
      // Nothing lost: unplaced lines are also in the notes, and reported.
      for (const u of w.unplaced) {
        expect(w.record.notes).toContain(u.text);
        expect(w.problems.some((p) => p.line === u.line)).toBe(true);
      }
      expect(w.record.chapters).toEqual(w.chapters.map((c) => ({ title: c.title, words: c.words })));
      expect(w.record.words).toBe(w.chapters.reduce((n, c) => n + c.words, 0));
      expect((w.record.bodyStart ?? '').length).toBeLessThanOrEqual(60);
      expect(w.record.bodyStart).not.toMatch(/\s{2}/);
      expect(w.record.source).toBe(name);
    }
  }
}

describe('collections', () => {
  it('a file with several "Title:" headers gives several works, sharing the byline', () => {
    const works = parseAll('collection/drabbles.txt');
    expect(works.map((w) => [w.record.title, w.record.creators, w.record.rating])).toEqual([
      ['Conkers', ['Hazel Mortimer'], 'General Audiences'],
      ['Scarecrow', ['Hazel Mortimer'], 'General Audiences'],
    ]);
    expect(works[0]?.record.bodyStart).toMatch(/^Every October/);
    expect(works[1]?.endNotes).toBe('The End');
  });
});

describe('what the record does not hold', () => {
  it('bare header: part counter, contacts and footer', () => {
    const w = parseFixture('bare-header/lantern-keeper.txt');
    expect(w.part).toEqual({ number: 1, of: 2 });
    expect(w.contacts).toEqual(['mia@example.com']);
    expect(w.endNotes).toBe('The End\n\nFeedback welcome');
    expect(w.problems).toEqual([]);
  });

  it('usenet: subject gives part and grade; From gives author and contact; TBC is an end note', () => {
    const w = parseFixture('usenet/post.txt');
    expect(w.part).toEqual({ number: 1, of: 3 });
    expect(w.contacts).toEqual(['nora@example.invalid']);
    expect(w.endNotes).toBe('TBC in part 2');
    expect(w.unplaced).toEqual([{ line: 3, text: 'Subject tag: [LT]' }]);
  });

  it('part counters and chapter subtitles', () => {
    expect(parseFixture('part-counters/part-counter-in-title.txt').part).toEqual({ number: 2, of: 5 });
    const w = parseFixture('part-counters/chapter-subtitle.txt');
    expect(w.part).toEqual({ number: 7, of: null });
    expect(w.chapters[0]?.title).toBe('The Bridge at Harrow');
  });

  it('footers go to endNotes with emails moved to contacts', () => {
    const w = parseFixture('footers/footers.txt');
    expect(w.endNotes).toBe('fin\n\nA/N: This was a little drabble for the button-themed week.\n\nFeedback welcome!');
    expect(w.contacts).toEqual(['agnes.lowry@example.net']);
    expect(w.chapters[0]?.html).not.toContain('~*~');
  });

  it('AO3 download: language, chapters, end notes', () => {
    const w = parseFixture('ao3/download.html');
    expect(w.language).toBe('en');
    expect(w.chapters.map((c) => c.title)).toEqual(['The Hide', 'Murmuration']);
    expect(w.chapters[0]?.html).toBe('<p>The hide smelled of wet wood and old thermos coffee. Ines had the good binoculars.</p>\n<p>Wren had the sandwiches, which she felt was the more important job.</p>');
    expect(w.endNotes).toContain('Thank you for reading!');
    // AO3's in-chapter notes are kept, out of the story text and its word count.
    expect(w.record.notes).toBe('Chapter 2 notes: Murmurations are real and you should see one.');
    expect(w.endNotes).toMatch(/^Chapter 2 end notes: Thanks to the RSPB leaflet\./);
    expect(w.chapters[1]?.html).not.toMatch(/Murmurations are real|RSPB|See the end/);
  });

  it('blog wrapper: chrome stripped, inline markup kept', () => {
    const w = parseFixture('blog/lj-entry.html');
    const html = w.chapters.map((c) => c.html).join('\n');
    expect(html).toContain('<i>enough sugar</i>');
    expect(html).not.toMatch(/Current mood|comment|Recent Entries|tracker/);
  });

  it('forum and eFiction pages: signature, profile and site footer are not story', () => {
    expect(parseFixture('forum/phpbb-post.html').chapters[0]?.html).not.toMatch(/Quill ~|Joined|Jump to/);
    expect(parseFixture('efiction/viewstory.html').chapters[0]?.html).not.toMatch(/Powered by|Browse/);
  });

  it('language from the header and from <html lang>', () => {
    expect(parseFixture('encodings/iso-8859-1.html').language).toBe('de');
    expect(parseFixture('markdown/front-matter.md').language).toBe('en');
  });

  it('problems: unrecognised rating and unknown front-matter keys, by line', () => {
    expect(parseFixture('ratings/unrecognised.txt').problems).toEqual([
      { line: 3, field: 'Rating', message: 'rating "see part one" not recognised; Not Rated' },
    ]);
    expect(parseFixture('markdown/front-matter.md').problems).toEqual([
      { line: 20, field: null, message: 'header line not understood, kept in notes: mood: cheerful' },
    ]);
  });
});

describe('header/story boundary', () => {
  it('does not eat a short first paragraph', () => {
    const w = parseText('Title: Run\nAuthor: Sib\nRating: G\n\n"Run!"\n\nShe ran, and the dog ran after her.\n');
    expect(w.record.bodyStart).toBe('"Run!" She ran, and the dog ran after her.');
    expect(w.record.words).toBe(9);
  });

  it('a note-like line inside the story does not pull the first paragraph into the header', () => {
    const w = parseText('Title: Lists\nAuthor: Fi\nRating: G\n\nShe made a list.\n\nNote: buy milk.\n\nThat was the whole list.\n');
    expect(w.record.bodyStart).toBe('She made a list. Note: buy milk. That was the whole list.');
    expect(w.record.notes).toBeNull();
  });

  it('a stray line between header blocks is kept as unplaced, not story', () => {
    const w = parseText('Title: Hail\nAuthor: Ed\n\nWritten on a train.\n\nRating: PG\nSummary: Ice.\n\nThe hail came sideways.\n');
    expect(w.record.rating).toBe('General Audiences');
    expect(w.unplaced).toEqual([{ line: 4, text: 'Written on a train.' }]);
    expect(w.record.bodyStart).toBe('The hail came sideways.');
  });

  it('a separator ends the header, and labels after it still count', () => {
    const w = parseText('A/N: for Pat.\n~*~\nTitle: Stairs\nAuthor: Lu\nRating: PG\n***\nShe counted the stairs.\n');
    expect(w.record.title).toBe('Stairs');
    expect(w.record.notes).toBe('for Pat.');
    expect(w.record.bodyStart).toBe('She counted the stairs.');
  });

  it('a file with no header is all story', () => {
    const w = parseText('It was raining again, the way it always did on Tuesdays in that town.\n\nNobody minded.\n');
    expect(w.record.title).toBeNull();
    expect(w.record.words).toBe(16);
    expect(w.problems).toEqual([{ line: null, field: 'rating', message: 'no rating stated; Not Rated' }]);
  });

  it('a heading repeating the title (and byline) above the story is not story text', () => {
    const w = parseText('Title: Whispers\nAuthor: Kit\nRating: G\n\nWhispers\n\nThe wind whispered.\n');
    expect(w.record.bodyStart).toBe('The wind whispered.');
    const v = parseText('Title: Run\nAuthor: Kit\nRating: G\n\nRun!\n\nShe ran.\n');
    expect(v.record.bodyStart).toBe('Run! She ran.');
  });

  it('a lone title line above the story is the title', () => {
    const w = parseText('Porch Light\n\nThe moths came at dusk, as they always did.\n');
    expect(w.record.title).toBe('Porch Light');
    expect(w.record.bodyStart).toBe('The moths came at dusk, as they always did.');
  });
});

describe('values on following lines', () => {
  it('an indented line continues even a one-phrase field like the title', () => {
    const w = parseText('Title: The Very Long Title That\n       Wraps Onto The Next Line\nAuthor: X\nRating: G\n\nStory.\n');
    expect(w.record.title).toBe('The Very Long Title That Wraps Onto The Next Line');
    expect(w.unplaced).toEqual([]);
  });
});

describe('author credits', () => {
  it.each([
    ['Mia (aka MiaWrites)', ['Mia'], 'Author: Mia (aka MiaWrites)', []],
    ['Mia, with help from Jo', ['Mia'], 'Author: Mia, with help from Jo', []],
    ['Mia <mia@example.com>', ['Mia'], null, ['mia@example.com']],
    ['Ann & Bo', ['Ann', 'Bo'], null, []],
  ])('%s', (author, creators, notes, contacts) => {
    const w = parseText(`Title: T\nAuthor: ${author}\nRating: G\n\nStory.\n`);
    expect([w.record.creators, w.record.notes, w.contacts]).toEqual([creators, notes, contacts]);
  });
});

describe('unlabelled header lines', () => {
  it('POV and feedback lines go to notes, emails to contacts, the rest is unplaced', () => {
    const w = parseText([
      'Title: Kettle', 'Author: Bo (bo@example.com)', 'Rating: G', "Told from Jem's POV.", 'Comments to bo@example.com please',
      'The kettle sang at seven sharp.', 'Summary: Tea.', '', 'The kettle sang.', '',
    ].join('\n'));
    expect(w.record.creators).toEqual(['Bo']);
    expect(w.contacts).toEqual(['bo@example.com']);
    expect(w.record.notes).toBe("Told from Jem's POV.\n\nComments please\n\nThe kettle sang at seven sharp.");
    expect(w.unplaced).toEqual([{ line: 6, text: 'The kettle sang at seven sharp.' }]);
    expect(w.record.summary).toBe('Tea.');
  });
});

describe('posting limits do not apply to imports', () => {
  it('keeps an overlong summary whole and reports it', () => {
    const long = 'The summary goes on. '.repeat(80).trim();
    const w = parseText(`Title: Long\nAuthor: Al\nRating: G\nSummary: ${long}\n\nStory.\n`);
    expect(w.record.summary).toBe(long);
    expect(w.problems).toContainEqual({ line: null, field: 'summary', message: `summary is ${long.length} characters (posting limit 1250); kept whole` });
  });
});

describe('subject lines', () => {
  it('take part, grade, pairing and series out of the title', () => {
    const w = parseText('Subject: FIC: Low Tide 2/5 (PG-13) [Ada/Tom]\nAuthor: Kit\n\nThe tide went out.\n');
    expect(w.record).toMatchObject({ title: 'Low Tide', rating: 'Teen And Up Audiences', ratingText: 'PG-13', relationships: ['Ada/Tom'] });
    expect(w.part).toEqual({ number: 2, of: 5 });
    const s = parseText('Title: Low Tide (Part 2 of the Summer Series)\nAuthor: Kit\nRating: G\n\nThe tide went out.\n');
    expect(s.record.series).toEqual([{ title: 'Summer', part: 2 }]);
    expect(s.record.title).toBe('Low Tide');
  });
});

describe('front matter', () => {
  it('unknown keys are kept as unplaced notes, with addresses moved to contacts', () => {
    const w = parseLegacyFile(Buffer.from('---\ntitle: T\nrating: G\nhomepage2: see http://t.example.net/ or t@example.net\n---\n\nStory.\n'), 'x.md')[0] as ParsedWork;
    expect(w.contacts).toEqual(['t@example.net', 'http://t.example.net/']);
    expect(w.unplaced).toEqual([{ line: 4, text: 'homepage2: see' }]);
    expect(JSON.stringify(w.record)).not.toMatch(/example\.net/);
  });
});

describe('HTML chrome detection', () => {
  it('reads a page again trusting tags alone when class names hid the whole story', () => {
    const html = '<html><body><div class="main-menu-wrapper"><p>Title: Wrapped<br>Author: Al<br>Rating: G</p><p>The whole story lives inside a badly named div, which happens more often than anyone would like.</p></div></body></html>';
    const w = parseLegacyFile(Buffer.from(html), 'x.html')[0] as ParsedWork;
    expect(w.record.title).toBe('Wrapped');
    expect(w.record.words).toBe(17);
  });
});
