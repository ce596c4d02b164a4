// `arca login`, `whoami`, `team`, `user` and `key` as users run them: the built binary against real servers.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ARCA_BIN, runCli, spawnCli, TEST_ADMIN_KEY, useServer, useTempDir } from '../../packages/test-utils/dist/index.js';
import { CLI_TIMEOUT_MS, errorOf, waitFor, writeTree, type Result } from './harness.js';

const tempDir = useTempDir('arca-cli-access-');
const startServer = useServer();
// Each test runs the real binary 10 to 25 times; on a loaded 2-core machine that is over the default 30 s.
const MANY_RUNS_MS = 180_000;

/** `arca ... --json` with no ARCA_API_KEY unless given: the key comes from what `arca login` stored under `config`. */
function arcaAs(url: string, root: string, apiKey = '') {
  return (args: string[], input?: string): Promise<Result> =>
    runCli([...args, '--json'], {
      env: { ARCA_URL: url, ARCA_API_KEY: apiKey, ARCA_CONFIG_DIR: join(root, 'config'), ARCA_CACHE_DIR: join(root, 'cache') },
      cwd: root,
      timeoutMs: CLI_TIMEOUT_MS,
      ...(input === undefined ? {} : { input }),
    }) as Promise<Result>;
}

describe('arca login', () => {
  it('checks the key, stores it for the server URL in a 0600 file, and ARCA_API_KEY overrides it', async () => {
    const root = tempDir();
    const server = await startServer(join(root, 'data'));
    const arca = arcaAs(server.url, root);

    const none = await arca(['whoami']);
    expect(none.code).toBe(1);
    expect(errorOf(none)).toMatchObject({ code: 'Unauthenticated', data: { reason: 'missing' } });

    const bad = await arca(['login'], 'arca_000000000000_wrong\n');
    expect(bad.code).toBe(1);
    expect(errorOf(bad)).toMatchObject({ code: 'Unauthenticated', data: { reason: 'unknown' } });
    expect(() => statSync(join(root, 'config', 'credentials.json'))).toThrow();
    expect((await arca(['login'])).code).toBe(2);

    const login = await arca(['login'], `${TEST_ADMIN_KEY}\n`);
    expect(login.code).toBe(0);
    const file = join(root, 'config', 'credentials.json');
    expect(login.json()).toMatchObject({ url: server.url, user: { name: 'admin', siteAdmin: true }, key: { id: 'admin-env' }, configFile: file });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(root, 'config')).mode & 0o777).toBe(0o700);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ servers: { [server.url]: { apiKey: TEST_ADMIN_KEY } } });
    expect((await arca(['whoami'])).json()).toMatchObject({ user: { name: 'admin' }, teams: [] });

    // A key for a second server is kept beside the first; --key works too.
    const other = await startServer(join(root, 'data2'));
    expect((await arcaAs(other.url, root)(['login', '--key', TEST_ADMIN_KEY])).code).toBe(0);
    expect(Object.keys(JSON.parse(readFileSync(file, 'utf8')).servers).sort()).toEqual([server.url, other.url].sort());
    expect(statSync(file).mode & 0o777).toBe(0o600);

    expect((await arca(['user', 'create', 'bob'])).code).toBe(0);
    const bobKey = (await arca(['key', 'create', '--user', 'bob'])).json().secret as string;
    expect((await arcaAs(server.url, root, bobKey)(['whoami'])).json().user.name).toBe('bob');
    expect((await arca(['whoami'])).json().user.name).toBe('admin');
  }, MANY_RUNS_MS);

  it('at a terminal, asks for the key and does not echo it', async () => {
    const root = tempDir();
    const server = await startServer(join(root, 'data'));
    const env = { ...process.env, ARCA_URL: server.url, ARCA_API_KEY: '', ARCA_CONFIG_DIR: join(root, 'config'), ARCA_CACHE_DIR: join(root, 'cache') };
    // script(1) runs it on a pseudo-terminal, as at a shell: what it prints is what the screen shows.
    const child = spawn('script', ['-qec', `'${process.execPath}' '${ARCA_BIN}' login`, '/dev/null'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let screen = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (screen += d));
    await waitFor(() => screen.includes('(not shown): '), 20_000, 'the prompt');
    expect(screen).toContain(`API key for ${server.url} (not shown): `);
    child.stdin.end(`${TEST_ADMIN_KEY}\r`);
    const [code] = (await once(child, 'close')) as [number];
    expect(code).toBe(0);
    expect(screen).toContain('logged in to');
    expect(screen).not.toContain(TEST_ADMIN_KEY);
    expect(JSON.parse(readFileSync(join(root, 'config', 'credentials.json'), 'utf8'))).toEqual({ servers: { [server.url]: { apiKey: TEST_ADMIN_KEY } } });
  });

  it('a server started without ARCA_ADMIN_KEY writes DATA/admin.key, says so, and `arca login < admin.key` works', async () => {
    const root = tempDir();
    const dataDir = join(root, 'data');
    const proc = spawnCli(['server', '--data', dataDir, '--port', '0', '--json'], { env: { ARCA_ADMIN_KEY: '' } });
    let out = '';
    let err = '';
    proc.child.stdout!.on('data', (d: string) => (out += d));
    proc.child.stderr!.on('data', (d: string) => (err += d));
    try {
      await waitFor(() => out.includes('\n'), 20_000, 'the server to listen');
      const { url } = JSON.parse(out.split('\n')[0]!) as { url: string };
      const keyFile = join(dataDir, 'admin.key');
      expect(err).toContain(keyFile);
      expect(statSync(keyFile).mode & 0o777).toBe(0o600);
      const login = await arcaAs(url, root)(['login'], readFileSync(keyFile, 'utf8'));
      expect(login.code).toBe(0);
      expect(login.json().user.name).toBe('admin');
    } finally {
      proc.child.kill('SIGTERM');
      await proc.result;
    }
  });
});

describe('arca team / user / key', () => {
  it('a site admin sets up a team, a member and a read-only service account; each can do what its role allows', async () => {
    const root = tempDir();
    const server = await startServer(join(root, 'data'));
    const admin = arcaAs(server.url, root, TEST_ADMIN_KEY);
    for (const args of [
      ['team', 'create', 'initech'],
      ['user', 'create', 'bob'],
      ['team', 'add', 'initech', 'bob', '--role', 'member'],
      ['user', 'create', 'k8s-operator', '--service-account'],
      ['team', 'add', 'initech', 'k8s-operator', '--role', 'viewer'],
    ]) {
      const r = await admin(args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    }
    expect((await admin(['team', 'show', 'initech'])).json().members).toEqual([
      { user: 'bob', role: 'member', serviceAccount: false },
      { user: 'k8s-operator', role: 'viewer', serviceAccount: true },
    ]);
    expect((await admin(['team', 'add', 'initech', 'bob', '--role', 'owner'])).code).toBe(2);
    expect(errorOf(await admin(['team', 'create', 'initech']))).toMatchObject({ code: 'AlreadyExists' });

    const op = (await admin(['key', 'create', '--user', 'k8s-operator', '--read-only', '--description', 'operator'])).json();
    expect(op).toMatchObject({ key: { user: 'k8s-operator', readOnly: true, description: 'operator' }, secret: expect.stringMatching(/^arca_/) });
    const bobKey = (await admin(['key', 'create', '--user', 'bob'])).json().secret as string;
    const bob = arcaAs(server.url, root, bobKey);
    const operator = arcaAs(server.url, root, op.secret);

    writeTree(root, { 'm/model.bin': 'weights' });
    const logged = await bob(['log', 'initech/p/model', 'm', '--type', 'model']);
    expect(logged.code).toBe(0);
    expect(logged.json().version.actor).toBe('bob');
    const prod = await bob(['alias', 'set', 'initech/p/model:v0', 'production']);
    expect(prod.code).toBe(1);
    expect(errorOf(prod)).toMatchObject({ code: 'Forbidden', data: { needed: 'admin', entity: 'initech' } });
    expect((await admin(['alias', 'set', 'initech/p/model:v0', 'production'])).code).toBe(0);

    expect((await operator(['show', 'initech/p/model:production'])).json().version.version).toBe('v0');
    const opLog = await operator(['log', 'initech/p/model', 'm', '--type', 'model']);
    expect(opLog.code).toBe(1);
    // Refused at the upload, which names no team; the client names the one logged to.
    expect(errorOf(opLog)).toMatchObject({ code: 'Forbidden', data: { action: 'log to initech/p/model', needed: 'member', entity: 'initech' } });
    expect(errorOf(await operator(['ls', 'globex/p']))).toMatchObject({ code: 'NotFound', data: { kind: 'entity', name: 'globex' } });

    // bob manages his own keys: create, list, revoke; the revoked one stops working at once.
    const second = (await bob(['key', 'create'])).json();
    const listed = await bob(['key', 'list']);
    expect(listed.json().keys.map((k: { id: string }) => k.id)).toContain(second.key.id);
    expect(listed.stdout).not.toContain(second.secret);
    expect((await bob(['key', 'revoke', second.key.id])).json().revoked).toMatchObject({ id: second.key.id, revokedAt: expect.any(String) });
    const revoked = await arcaAs(server.url, root, second.secret)(['whoami']);
    expect(revoked.code).toBe(1);
    expect(errorOf(revoked)).toMatchObject({ code: 'Unauthenticated', data: { reason: 'revoked' } });
    // Without --json, the text says what to do.
    const text = await runCli(['whoami'], { env: { ARCA_URL: server.url, ARCA_API_KEY: second.secret, ARCA_CONFIG_DIR: join(root, 'config') } });
    expect(text.code).toBe(1);
    expect(text.stderr).toContain('arca login');
    expect(errorOf(await bob(['key', 'list', '--user', 'k8s-operator']))).toMatchObject({ code: 'Forbidden', data: { needed: 'site-admin' } });
  }, MANY_RUNS_MS);
});
