// Builds the addon with cargo into a cache outside the repository, keyed by its
// sources and the Rust compiler, and copies it beside index.cjs. A second run
// with nothing changed only checks. Without cargo it says so and leaves the
// addon out: Arca then hashes each file on one thread (slower, same digests).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

const here = new URL('.', import.meta.url).pathname;
const addon = join(here, 'arca_blake3_subtrees.node');
const stamp = join(here, '.build-key');
const cacheRoot = process.env.ARCA_NATIVE_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'arca', 'native');

function versionOf(tool, env) {
  try {
    return execFileSync(tool, ['--version'], { encoding: 'utf8', env }).trim();
  } catch {
    return null;
  }
}

// rustup installs into ~/.cargo/bin, which a non-interactive shell (CI's) may not
// have on PATH: look there too before going without.
const rustupBin = join(process.env.CARGO_HOME ?? join(homedir(), '.cargo'), 'bin');
const env = { ...process.env, PATH: `${process.env.PATH ?? ''}${delimiter}${rustupBin}` };
const compiler = versionOf('rustc', env);
if (compiler === null || versionOf('cargo', env) === null) {
  rmSync(addon, { force: true });
  rmSync(stamp, { force: true });
  console.warn('blake3-subtrees: no Rust toolchain (rustc, cargo) on PATH or in ~/.cargo/bin; a pull will hash each large file on one thread');
  process.exit(0);
}

const key = createHash('sha256');
for (const file of ['Cargo.toml', 'Cargo.lock', 'build.rs', 'src/lib.rs']) key.update(file).update(readFileSync(join(here, file)));
key.update(compiler).update(process.platform).update(process.arch);
const digest = key.digest('hex').slice(0, 32);
if (existsSync(addon) && existsSync(stamp) && readFileSync(stamp, 'utf8') === digest) process.exit(0);

const cached = join(cacheRoot, digest, 'arca_blake3_subtrees.node');
if (!existsSync(cached)) {
  const target = join(cacheRoot, 'target');
  execFileSync('cargo', ['build', '--release', '--locked', '--quiet', '--manifest-path', join(here, 'Cargo.toml')], {
    stdio: 'inherit',
    env: { ...env, CARGO_TARGET_DIR: target },
  });
  const library = { linux: 'libarca_blake3_subtrees.so', darwin: 'libarca_blake3_subtrees.dylib', win32: 'arca_blake3_subtrees.dll' }[process.platform];
  if (!library) throw new Error(`blake3-subtrees: no library name known for ${process.platform}`);
  mkdirSync(join(cacheRoot, digest), { recursive: true });
  // Renamed into place, so a build killed midway never leaves half a library in the cache.
  copyFileSync(join(target, 'release', library), `${cached}.tmp`);
  renameSync(`${cached}.tmp`, cached);
}
copyFileSync(cached, `${addon}.tmp`);
renameSync(`${addon}.tmp`, addon);
writeFileSync(stamp, digest);
