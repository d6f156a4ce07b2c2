// Bundles the TypeScript CLI into dist/fanfold.mjs (dependencies stay in node_modules), so the
// `fanfold` command starts in a fraction of the time tsx needs. Runs on `npm install` (prepare).
import { build } from 'esbuild';

await build({
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/fanfold.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  splitting: false,
  sourcemap: 'linked',
  logLevel: 'warning',
});
