import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project folder (the one with package.json), found by walking up from this module, so
 * bundled assets (samples, the stylesheet) resolve the same from src/ under tsx and from the
 * prebuilt dist/ bundle.
 */
function findRoot(start: string): string {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'samples'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error(`cannot find the Fanfold project folder above ${start}`);
    dir = up;
  }
}

export const PROJECT_ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));
export const SAMPLES_DIR = join(PROJECT_ROOT, 'samples');
export const STATIC_DIR = join(PROJECT_ROOT, 'src', 'web', 'static');
