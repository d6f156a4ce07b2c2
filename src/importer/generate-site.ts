import iconv from 'iconv-lite';
import { seededRandom } from './prng.js';

/**
 * A synthetic old fan fiction site, deterministic for a seed, for tests and the import
 * benchmark: author folders of story files in every era's shape (bare text headers with
 * assorted labels and separators, HTML pages with a site banner and a lying <meta charset>,
 * Usenet posts, Markdown with front matter), in UTF-8, UTF-8 with BOM, Windows-1252,
 * ISO-8859-1 and double-encoded UTF-8; multi-part stories split over `story1.html`,
 * `story2.html`…; author index pages of links. All text is invented filler.
 * `expected` says what each generated work is, so tests can check the import.
 */
export interface GeneratedWork {
  /** Path of its first (or only) file. */
  path: string;
  title: string;
  author: string;
  rating: 'General Audiences' | 'Teen And Up Audiences' | 'Mature' | 'Explicit';
  chapters: number;
  encoding: string;
}

export interface GeneratedSite {
  files: Map<string, Uint8Array>;
  expected: GeneratedWork[];
  /** Index pages (navigation only). */
  indexPages: string[];
  bytes: number;
}

export interface GenerateSiteOptions {
  /** Number of works (multi-part works count once). */
  works: number;
  /** Approximate words of story text per file. */
  wordsPerFile?: number;
  seed?: number;
}

const WORDS = (
  'the a lantern harbour tide quiet morning kettle window letter garden river bridge winter lamp rope ' +
  'she he they said asked walked laughed waited remembered folded opened carried watched turned smiled ' +
  'old small bright careful patient gentle green grey warm late early slow soft steady familiar ' +
  'map compass boat shore gull wind rain fog stair door table bread tea candle book ink paper ' +
  'and but then still again almost never always before after because while until across under over'
).split(' ');
const FIRST = ['Ada', 'Bram', 'Celia', 'Dov', 'Elin', 'Farid', 'Greta', 'Hugo', 'Iris', 'Jonah', 'Kira', 'Lio', 'Mira', 'Nils', 'Oona', 'Pell'];
const LAST = ['Quell', 'Ostrow', 'Marsh', 'Fenn', 'Hale', 'Rook', 'Lind', 'Vey', 'Tarn', 'Wick'];
const PEN = ['inkbird', 'tidewatcher', 'Moss Lantern', 'quietgull', 'Fernhollow', 'paperboats', 'Starling Vey', 'northwind', 'Amber Quill', 'lampglass', 'Café Noir', 'Ségolène'];
const FANDOMS = ['Harbour Lights', 'The Keepers', 'Tidewater Station'];
const GRADES: [string, GeneratedWork['rating']][] = [
  ['G', 'General Audiences'], ['PG', 'General Audiences'], ['PG-13', 'Teen And Up Audiences'], ['R', 'Mature'],
  ['NC-17', 'Explicit'], ['PG-13 for language', 'Teen And Up Audiences'], ['R for violence', 'Mature'], ['FR13', 'Teen And Up Audiences'],
];
const TITLE_WORDS = ['Lantern', 'Harbour', 'Winter', 'Letters', 'Tide', 'Compass', 'Stairs', 'Fog', 'Bridge', 'Candle', 'Ink', 'Gulls', 'Shore', 'Kettle', 'Garden'];
const ENCODINGS = ['utf8', 'utf8bom', 'win1252', 'latin1', 'mojibake'] as const;


export function generateLegacySite(o: GenerateSiteOptions): GeneratedSite {
  const rnd = seededRandom(o.seed ?? 7);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const wordsPerFile = o.wordsPerFile ?? 400;
  const files = new Map<string, Uint8Array>();
  const expected: GeneratedWork[] = [];
  const byAuthor = new Map<string, { file: string; title: string }[]>();
  const usedTitles = new Set<string>();
  let bytes = 0;

  const prose = (n: number): string[] => {
    const paras: string[] = [];
    let left = n;
    while (left > 0) {
      const len = Math.min(left, 40 + Math.floor(rnd() * 60));
      const words = Array.from({ length: len }, () => pick(WORDS));
      words[0] = (words[0] as string)[0]?.toUpperCase() + (words[0] as string).slice(1);
      // A few accented words so every encoding has something to get right.
      if (rnd() < 0.3) words.splice(Math.floor(len / 2), 0, pick(['café', 'naïve', 'déjà vu', 'über', 'façade']));
      paras.push(words.join(' ') + '.');
      left -= len;
    }
    return paras;
  };

  const encode = (text: string, enc: (typeof ENCODINGS)[number]): Uint8Array => {
    switch (enc) {
      case 'utf8bom': return new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from(text, 'utf8')]);
      case 'win1252': return new Uint8Array(iconv.encode(text.replace(/[^\t\n\r\u0020-\u00ff\u2018\u2019\u201c\u201d\u2013\u2014\u2026]/g, '?'), 'win1252'));
      case 'latin1': return new Uint8Array(iconv.encode(text.replace(/[^\t\n\r\u0020-\u00ff]/g, '?'), 'latin1'));
      // UTF-8 bytes read as Windows-1252 and saved again as UTF-8: "café" → "cafÃ©".
      case 'mojibake': return new Uint8Array(Buffer.from(iconv.decode(Buffer.from(text, 'utf8'), 'win1252'), 'utf8'));
      default: return new Uint8Array(Buffer.from(text, 'utf8'));
    }
  };
  const add = (path: string, data: Uint8Array) => {
    files.set(path, data);
    bytes += data.length;
  };

  for (let i = 0; i < o.works; i++) {
    const author = PEN[i % PEN.length] as string;
    const dir = `authors/${author.toLowerCase().replace(/[^a-z0-9]+/g, '')}`;
    let title = `${pick(TITLE_WORDS)} ${pick(['and', 'of', 'at', 'for'])} ${pick(TITLE_WORDS)}`;
    if (usedTitles.has(title)) title = `${title} ${i}`;
    usedTitles.add(title);
    const [grade, rating] = pick(GRADES);
    const fandom = pick(FANDOMS);
    const a = `${pick(FIRST)} ${pick(LAST)}`;
    const b = `${pick(FIRST)} ${pick(LAST)}`;
    const shape = i % 6;
    const enc = shape === 1 || shape === 5 ? 'utf8' : pick(ENCODINGS);
    const slug = `story${i}`;
    const summary = prose(25)[0] as string;

    if (shape === 1) {
      // A multi-part HTML story: story<i>_1.html, story<i>_2.html, … each a page of the site.
      const parts = 2 + (i % 3);
      for (let p = 1; p <= parts; p++) {
        const html = `<html><head><meta charset="iso-8859-1"><title>${title} (${p}/${parts})</title></head><body>
<p class="banner">The Harbour Lights Archive</p>
<p><b>Title:</b> ${title} (${p}/${parts})<br><b>Author:</b> ${author}<br><b>Rating:</b> ${grade}<br><b>Fandom:</b> ${fandom}<br><b>Pairing:</b> ${a}/${b}<br><b>Summary:</b> ${summary}</p>
<hr>
${prose(wordsPerFile).map((x) => `<p>${x}</p>`).join('\n')}
<p><a href="${slug}_${p + 1}.html">Next</a> | <a href="index.html">Back to ${author}'s stories</a></p>
</body></html>`;
        // The meta says ISO-8859-1 but the bytes are UTF-8: the lying meta of many old sites.
        add(`${dir}/${slug}_${p}.html`, encode(html, 'utf8'));
      }
      expected.push({ path: `${dir}/${slug}_1.html`, title, author, rating, chapters: parts, encoding: 'utf8 (meta lies)' });
    } else {
      let text: string;
      const body = prose(wordsPerFile).join('\n\n');
      if (shape === 0) {
        text = `Title: ${title}\nAuthor: ${author}\nRating: ${grade}\nFandom: ${fandom}\nPairing: ${a}/${b}\nWarnings: None\nSummary: ${summary}\nDisclaimer: Not mine, no money made.\n\n${body}\n\nThe End\n`;
      } else if (shape === 2) {
        text = `TITLE - ${title}\nBY - ${author}\nRATED - ${grade}\nSERIES - ${fandom}\nCHARACTERS - ${a}, ${b}\nSUMMARY - ${summary}\nFEEDBACK - ${author.toLowerCase().replace(/[^a-z]/g, '')}@example.org\n\n~*~\n\n${body}\n`;
      } else if (shape === 3) {
        text = `From: ${author} <${author.toLowerCase().replace(/[^a-z]/g, '')}@example.net>\nNewsgroups: alt.fan.harbour-lights\nSubject: NEW: ${title} [${grade}]\nDate: Sat, 12 Jun 1999 10:00:00 GMT\n\nFandom: ${fandom}\nSummary: ${summary}\n\n${body}\n`;
      } else if (shape === 4) {
        text = `---\ntitle: "${title}"\nauthor: "${author}"\nrating: "${grade}"\nfandom: "${fandom}"\nrelationships: ["${a}/${b}"]\nsummary: "${summary}"\n---\n\n${body}\n`;
      } else {
        text = `<html><head><title>${title}</title></head><body><center><h2>${title}</h2><h3>by ${author}</h3></center>\n<p>Rating: ${grade}<br>Fandom: ${fandom}<br>Summary: ${summary}</p><hr>\n${body.split('\n\n').map((x) => `<p>${x}</p>`).join('\n')}\n</body></html>`;
      }
      const ext = shape === 4 ? 'md' : shape === 5 ? 'html' : 'txt';
      const path = `${dir}/${slug}.${ext}`;
      add(path, encode(text, enc));
      expected.push({ path, title, author, rating, chapters: 1, encoding: enc });
    }
    byAuthor.set(author, [...(byAuthor.get(author) ?? []), { file: expected.at(-1)?.path.split('/').pop() as string, title }]);
  }

  const indexPages: string[] = [];
  for (const [author, list] of byAuthor) {
    const dir = `authors/${author.toLowerCase().replace(/[^a-z0-9]+/g, '')}`;
    const html = `<html><head><meta charset="utf-8"><title>Stories by ${author}</title></head><body><h1>Stories by ${author}</h1><ul>\n${list.map((s) => `<li><a href="${s.file}">${s.title}</a> by ${author}</li>`).join('\n')}\n</ul><p><a href="../../index.html">Home</a></p></body></html>`;
    add(`${dir}/index.html`, encode(html, 'utf8'));
    indexPages.push(`${dir}/index.html`);
  }
  const home = `<html><body><h1>The Harbour Lights Archive</h1><ul>${[...byAuthor.keys()].map((a) => `<li><a href="authors/${a.toLowerCase().replace(/[^a-z0-9]+/g, '')}/index.html">${a}</a></li>`).join('')}</ul></body></html>`;
  add('index.html', encode(home, 'utf8'));
  indexPages.push('index.html');
  return { files, expected, indexPages, bytes };
}
