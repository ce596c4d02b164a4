// The physical limit of this disk: the same bytes moved by `cp` (into the page cache),
// `cp` then `sync` of the copied files (on the disk: what a durable store must at least pay;
// only those files, not the whole machine's dirty pages), and read by
// `cat > /dev/null`.
import { rmSync } from 'node:fs';
import { timedExternal } from '../proc.mjs';

export async function cp(src, dst) {
  rmSync(dst, { recursive: true, force: true });
  const r = await timedExternal('cp', ['-r', src, dst]);
  rmSync(dst, { recursive: true, force: true });
  return { seconds: r.seconds, clientRss: r.rss };
}

export async function cpSync(src, dst) {
  rmSync(dst, { recursive: true, force: true });
  const r = await timedExternal('sh', ['-c', 'cp -r "$1" "$2" && find "$2" -type f -exec sync {} +', 'sh', src, dst]);
  rmSync(dst, { recursive: true, force: true });
  return { seconds: r.seconds, clientRss: r.rss };
}

export async function cat(path) {
  // `find -exec cat` so that a folder is read file by file, as a tool must.
  const r = await timedExternal('sh', ['-c', 'find "$1" -type f -exec cat {} + > /dev/null', 'sh', path]);
  return { seconds: r.seconds, clientRss: r.rss };
}
