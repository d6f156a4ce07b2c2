import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { unzipSync } from 'fflate';

/** One file of an import: where it sits within the import, and how to read its bytes. */
export interface SourceFile {
  /** Path within the import, with forward slashes ("authors/jane/story1.html"). */
  rel: string;
  /** Where it came from, for messages ("site.zip!authors/jane/story1.html"). */
  origin: string;
  mtime: Date | null;
  read(): Uint8Array;
  /** The file on disk, when it is one (not inside a zip): a parsing worker reads it itself. */
  path?: string;
}

export class ImportInputError extends Error {
  readonly code = 'bad_import_input';
}

/**
 * Lists the files of one import argument: a single file, a folder (recursively; hidden files
 * and folders skipped) or a .zip of a whole site. Sorted by path so runs are repeatable.
 */
export function listSources(input: string): SourceFile[] {
  let st;
  try {
    st = statSync(input);
  } catch {
    throw new ImportInputError(`no such file or folder: ${input}`);
  }
  if (st.isDirectory()) {
    const out: SourceFile[] = [];
    const walk = (dir: string, relDir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
        if (e.name.startsWith('.')) continue;
        const p = join(dir, e.name);
        const rel = relDir === '' ? e.name : `${relDir}/${e.name}`;
        if (e.isDirectory()) walk(p, rel);
        else if (e.isFile()) out.push(diskFile(rel, p));
      }
    };
    walk(input, '');
    return out;
  }
  if (/\.zip$/i.test(input)) return listZip(input);
  return [diskFile(basename(input), input)];
}

/**
 * A file on disk. Its modification time (a work's date when its header states none) is looked
 * up when first asked for: a site's files are listed before they are read, and most state dates.
 */
function diskFile(rel: string, path: string): SourceFile {
  let mtime: Date | undefined;
  return {
    rel,
    origin: path,
    get mtime() {
      mtime ??= statSync(path).mtime;
      return mtime;
    },
    read: () => readFileSync(path),
    path,
  };
}

/** A zip is read into memory once; its entries decompress when first read. */
function listZip(path: string): SourceFile[] {
  const data = readFileSync(path);
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(data);
  } catch (e) {
    throw new ImportInputError(`${path}: not a readable zip file (${(e as Error).message})`);
  }
  const names = Object.keys(entries)
    .filter((n) => !n.endsWith('/') && !n.split('/').some((part) => part.startsWith('.') || part === '__MACOSX'))
    .sort();
  // A zip that wraps everything in one top folder ("site/…") is read as that folder.
  const first = names[0]?.split('/')[0];
  const common = first !== undefined && names.every((n) => n.startsWith(first + '/')) ? first + '/' : '';
  return names.map((n) => ({
    rel: n.slice(common.length),
    origin: `${path}!${n}`,
    mtime: null,
    read: () => entries[n] as Uint8Array,
  }));
}

export const STORY_FILE = /\.(txt|text|html?|xhtml|md|markdown)$/i;
export const EFICTION_DUMP = /\.sql$/i;
