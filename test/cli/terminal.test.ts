// What a person at a terminal sees: `arca` run on a pseudo-terminal (util-linux
// `script`), its output replayed on a small screen model, transfers slowed by a
// throttling proxy so the progress bar (drawn after a second) shows up.
import { spawn, spawnSync } from 'node:child_process';
import net from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ARCA_BIN, TEST_ADMIN_KEY } from '../../packages/test-utils/dist/index.js';
import { randomFile, useArca } from './harness.js';
import { loopbackProxy } from './loopbackProxy.js';

const setup = useArca();
const MiB = 1024 * 1024;
const hasScript = spawnSync('script', ['-qec', 'true', '/dev/null']).status === 0;

/**
 * A loopback TCP proxy passing at most `bytesPerSecond` (all connections together).
 * `cut()` drops every connection and stops listening; so does the proxy itself
 * once `cutAfter` bytes of requests went by, at a point chosen by bytes, not timing.
 */
async function throttlingProxy(target: string, bytesPerSecond: number, cutAfter = Infinity): Promise<{ url: string; cut(): Promise<void> }> {
  let nextFree = Date.now();
  let sent = 0;
  const pass = (from: net.Socket, into: net.Socket, requests: boolean) => {
    from.on('data', (piece: Buffer) => {
      if (requests && (sent += piece.length) > cutAfter) return void proxy.close();
      const now = Date.now();
      nextFree = Math.max(nextFree, now) + (piece.length / bytesPerSecond) * 1000;
      into.write(piece);
      if (nextFree - now > 5) {
        from.pause();
        setTimeout(() => from.resume(), nextFree - now);
      }
    });
    from.on('end', () => into.end());
  };
  const proxy = await loopbackProxy(target, (client, upstream) => {
    pass(client, upstream, true);
    pass(upstream, client, false);
    upstream.on('close', () => client.destroy());
  });
  return { url: proxy.url, cut: proxy.close };
}

/** The rows a terminal `columns` wide shows after `output`: \r, \n, erase-to-end-of-line and autowrap; other escapes dropped. */
function screen(output: string, columns: number): string[] {
  const rows: string[][] = [[]];
  let row = 0;
  let col = 0;
  let pendingWrap = false;
  for (let i = 0; i < output.length; i++) {
    const c = output[i]!;
    if (c === '\x1b') {
      const m = /^\x1b\[[0-9;?]*([A-Za-z])/.exec(output.slice(i));
      if (m) {
        if (m[1] === 'K') rows[row]!.length = Math.min(rows[row]!.length, col);
        i += m[0].length - 1;
      }
      continue;
    }
    if (c === '\r') {
      col = 0;
      pendingWrap = false;
    } else if (c === '\n') {
      row++;
      rows[row] ??= [];
      col = 0;
      pendingWrap = false;
    } else {
      if (pendingWrap) {
        row++;
        rows[row] ??= [];
        col = 0;
        pendingWrap = false;
      }
      const r = rows[row]!;
      while (r.length < col) r.push(' ');
      r[col] = c;
      if (col === columns - 1) pendingWrap = true;
      else col++;
    }
  }
  return rows.map((r) => r.join('').trimEnd()).filter((r) => r !== '');
}

/** Runs `arca ...args` on a pseudo-terminal `columns` wide; `type` sends keys to it (Ctrl-C is "\x03"). */
function onTerminal(args: string[], env: Record<string, string>, cwd: string, columns: number) {
  const quoted = [process.execPath, ARCA_BIN, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const child = spawn('script', ['-qec', `stty cols ${columns} rows 24; exec ${quoted}`, '/dev/null'], {
    cwd,
    env: { ...process.env, ARCA_API_KEY: TEST_ADMIN_KEY, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (output += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), 25_000);
  const result = new Promise<{ code: number | null; output: string }>((done) =>
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, output });
    }),
  );
  return {
    output: () => output,
    type: (keys: string) => child.stdin.write(keys),
    result,
    async until(text: string) {
      for (let waited = 0; !output.includes(text); waited += 50) {
        if (waited > 20_000) throw new Error(`no ${JSON.stringify(text)} in ${JSON.stringify(output)}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
}

describe.skipIf(!hasScript)('the progress bar on a terminal', () => {
  it('log on a 40-column terminal: the bar never wraps, and a failure clears it before the error', async () => {
    const { root, server, env } = await setup();
    randomFile(join(root, 'm', 'weights.bin'), 64 * MiB);
    // 8 MiB/s: the bar shows after a second (progress comes as uploads finish, some MiB at a time),
    // and the connection drops at 40 MiB, some five seconds in.
    const proxy = await throttlingProxy(server.url, 8 * MiB, 40 * MiB);
    const t = onTerminal(['log', 'acme/p/m', 'm', '--type', 'model'], { ...env, ARCA_URL: proxy.url, ARCA_LOCAL_WRITES: '0', ARCA_LOCAL_READS: '0' }, root, 40);
    const { code, output } = await t.result;
    expect(output, JSON.stringify(output)).toContain('upload');
    expect(code).toBe(1);
    const rows = screen(output, 40);
    // One row redrawn in place and cleared: nothing of the bar is left, and the message starts its own line.
    expect(rows.filter((r) => /upload|MiB|ETA/.test(r))).toEqual([]);
    expect(rows[0]).toMatch(/^arca: cannot reach /);
  });

  it('Ctrl-C during log leaves a clean line for the shell', async () => {
    const { root, server, env } = await setup();
    randomFile(join(root, 'm', 'weights.bin'), 48 * MiB);
    const proxy = await throttlingProxy(server.url, 12 * MiB);
    const t = onTerminal(['log', 'acme/p/m', 'm', '--type', 'model'], { ...env, ARCA_URL: proxy.url, ARCA_LOCAL_WRITES: '0', ARCA_LOCAL_READS: '0' }, root, 80);
    await t.until('upload');
    t.type('\x03');
    const { code, output } = await t.result;
    await proxy.cut();
    expect(code).toBe(130);
    // The terminal echoes ^C; after it, the bar's row must be empty.
    expect(screen(output, 80).filter((r) => /upload|MiB|ETA/.test(r))).toEqual([]);
  });

  it('pull on a 20-column terminal ends with the summary alone', async () => {
    const { root, server, env, arca } = await setup();
    randomFile(join(root, 'm', 'weights.bin'), 32 * MiB);
    expect((await arca('log', 'acme/p/m', 'm', '--type', 'model')).code).toBe(0);
    const proxy = await throttlingProxy(server.url, 12 * MiB);
    const t = onTerminal(['pull', 'acme/p/m:v0', 'out'], { ...env, ARCA_URL: proxy.url, ARCA_LOCAL_WRITES: '0', ARCA_LOCAL_READS: '0', ARCA_CACHE_DIR: join(root, 'other-cache') }, root, 20);
    const { code, output } = await t.result;
    await proxy.cut();
    expect(code).toBe(0);
    expect(output).toContain('download');
    const rows = screen(output, 20);
    expect(rows.filter((r) => /download|ETA/.test(r))).toEqual([]);
    expect(rows[0]).toMatch(/^pulled acme\/p\/m:v0/);
  });
});
