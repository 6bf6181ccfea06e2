// A build step (`npm run build`, after tsc): the CLI as one ESM file, dist/route-bench.js, with the modules it
// imports lazily as chunks beside it. Node 20 has no compile cache, and loading our 160 modules and zod's one by
// one took a quarter of a small run's time. Native and heavy packages stay outside, loaded from node_modules.
import { readdirSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

// Chunks of an earlier build have other hashes: they go first.
for (const name of readdirSync('dist')) if (/^route-bench(-[A-Z0-9]+)?\.js$/.test(name)) rmSync(`dist/${name}`);

await build({
  entryPoints: { 'route-bench': 'dist/cli/main.js' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  splitting: true,
  outdir: 'dist',
  // Beside the entry, one folder below the package root, as dist/version.js is: relative paths hold in both.
  chunkNames: 'route-bench-[hash]',
  external: ['better-sqlite3', 'vega', 'vega-lite', '@pydantic/genai-prices', 'ajv', 'gpt-tokenizer', 'csv-parse', 'csv-stringify', 'cli-table3'],
  // The CommonJS packages bundled in (commander) require Node's own modules: give the ESM bundle a require.
  banner: { js: "import { createRequire as bundleRequire } from 'node:module';\nconst require = bundleRequire(import.meta.url);" },
  // Mapped through tsc's maps to src/: a --debug stack trace names the TypeScript file and line.
  sourcemap: true,
  logLevel: 'warning',
});
