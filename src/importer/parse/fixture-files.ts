import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Test helper: the legacy fixture files and their goldens (test code only; does I/O). */
export const FIXTURE_ROOT = fileURLToPath(new URL('../../../test/fixtures/legacy/', import.meta.url));

export interface Fixture {
  /** Path relative to the fixture root, also used as the record's `source`. */
  name: string;
  bytes: Buffer;
  goldenPath: string;
  mapYaml: string | null;
}

export function listFixtures(dir = FIXTURE_ROOT): Fixture[] {
  const out: Fixture[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) {
      out.push(...listFixtures(full));
      continue;
    }
    if (/\.expected\.json$|\.map\.yaml$|README/.test(entry)) continue;
    const mapPath = full.replace(/\.[^.]+$/, '.map.yaml');
    out.push({
      name: relative(FIXTURE_ROOT, full).split('\\').join('/'),
      bytes: readFileSync(full),
      goldenPath: `${full}.expected.json`,
      mapYaml: existsSync(mapPath) ? readFileSync(mapPath, 'utf8') : null,
    });
  }
  return out;
}
