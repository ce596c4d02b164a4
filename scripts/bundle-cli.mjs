// Bundles the built CLI (packages/cli/dist) into a few files under
// packages/cli/dist/bundle, which bin/arca.js loads when it is newer than
// dist/main.js (decision 023). Loading ~250 modules one by one took ~0.2 s of
// every command; the bundle loads in a fraction of that. Third-party packages
// stay outside it (native addons among them) and resolve from packages/cli.
import { readFileSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

const cli = new URL('../packages/cli/', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', cli), 'utf8'));
// Every dependency that is not one of ours. @arca/* are bundled, so that each
// class exists once (a second copy of ArcaError would fail instanceof), except
// the native addon of ours, which loads its library from beside its own file.
const external = Object.keys(pkg.dependencies).filter((name) => !name.startsWith('@arca/') || name === '@arca/blake3-subtrees');

const outdir = new URL('dist/bundle/', cli).pathname;
// Chunk names carry content hashes: files of an earlier build would pile up.
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: [new URL('dist/main.js', cli).pathname],
  outdir,
  bundle: true,
  // The server and the operator are loaded only by the commands that run them.
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external,
  logLevel: 'warning',
});
