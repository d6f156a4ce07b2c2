// Bundles the TypeScript CLI into dist/fanfold.mjs (dependencies stay in node_modules), so the
// `fanfold` command starts in a fraction of the time tsx needs, and the import's worker threads
// and the search index's into dist/workers/ (see src/worker-bundle.ts). Runs on `npm install` (prepare).
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'warning' };
await Promise.all([
  build({ ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/fanfold.mjs', splitting: false, sourcemap: 'linked' }),
  build({
    ...common,
    entryPoints: { 'parse-worker': 'src/importer/parse-pool.ts', 'text-writer': 'src/importer/text-writer.ts', checkpointer: 'src/importer/checkpointer.ts', 'meta-text': 'src/search/meta-text-worker.ts' },
    outdir: 'dist/workers',
    outExtension: { '.js': '.mjs' },
  }),
  // `npm run bench:search` times the engine as the server runs it: bundled like dist/fanfold.mjs
  // (under tsx every function is wrapped to keep its name, which costs the engine's loops ~20%).
  process.argv.includes('--bench') ? build({ ...common, entryPoints: ['bench/search.ts'], outfile: 'dist/bench-search.mjs' }) : null,
]);
