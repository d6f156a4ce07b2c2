import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * An import's worker threads start from an esbuild bundle of their module (packages stay
 * external): starting a worker on the TypeScript through tsx's loader would cost most of a
 * CPU-second each. `npm install` and `npm run build` write the bundles to dist/workers/
 * (scripts/build.mjs); they are used when no source file is newer than they are, else the
 * module is bundled afresh into node_modules/.cache (tens of milliseconds each, at the start
 * of every import). `caller` is the module's own import.meta.url and `source` its path from
 * the project root; null when there is neither a bundle nor the source.
 */
export async function bundleWorker(caller: string, source: string, name: string): Promise<{ url: URL; cleanup: () => void } | null> {
  const self = new URL(caller);
  if (self.protocol !== 'file:') return null;
  // The project root: above src/… when running the TypeScript, above dist/ in the CLI bundle.
  const root = self.pathname.endsWith('.ts') ? new URL('../'.repeat(source.split('/').length - 1), self) : new URL('../', self);
  const entry = new URL(source, root);
  const prebuilt = new URL(`dist/workers/${name}.mjs`, root);
  if (existsSync(prebuilt) && (!existsSync(entry) || statSync(prebuilt).mtimeMs >= newestSource(fileURLToPath(new URL('src/', root))))) {
    return { url: prebuilt, cleanup: () => undefined };
  }
  if (!existsSync(entry)) return null;
  const { build } = await import('esbuild');
  const dir = fileURLToPath(new URL('node_modules/.cache/fanfold/', root));
  mkdirSync(dir, { recursive: true });
  // Bundles left behind by imports that were killed.
  for (const file of readdirSync(dir)) {
    const p = join(dir, file);
    if (file.startsWith(`${name}-`) && file.endsWith('.mjs') && Date.now() - statSync(p).mtimeMs > 86_400_000) rmSync(p, { force: true });
  }
  const outfile = join(dir, `${name}-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}.mjs`);
  await build({ entryPoints: [fileURLToPath(entry)], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'silent' });
  return { url: pathToFileURL(outfile), cleanup: () => rmSync(outfile, { force: true }) };
}

/** The newest modification time of the files under a folder (once per process and folder). */
const newest = new Map<string, number>();
function newestSource(dir: string): number {
  let t = newest.get(dir);
  if (t !== undefined) return t;
  t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) t = Math.max(t, statSync(join(e.parentPath, e.name)).mtimeMs);
  }
  newest.set(dir, t);
  return t;
}

/**
 * A worker on a bundle from `bundleWorker`, with the parent's flags (`workerExecArgv`); flags a
 * worker may not take (--expose-gc, heap sizes) make it start with none; null when it cannot
 * start at all.
 */
export function startWorker(url: URL, workerData: unknown): Worker | null {
  try {
    return new Worker(url, { workerData, execArgv: workerExecArgv() });
  } catch {
    try {
      return new Worker(url, { workerData, execArgv: [] });
    } catch {
      return null;
    }
  }
}

/**
 * The parent's flags without its module hooks (--import, --require, --loader): a worker
 * registers what it needs itself, and some hooks only work on the main thread.
 */
export function workerExecArgv(): string[] {
  const out: string[] = [];
  const args = process.execArgv;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (/^(--import|--require|-r|--loader|--experimental-loader)$/.test(a)) i++;
    else if (!/^(--import|--require|--loader|--experimental-loader)=/.test(a)) out.push(a);
  }
  return out;
}
