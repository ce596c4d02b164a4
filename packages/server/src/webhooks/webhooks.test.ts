import { createHmac } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useReceiver } from '../../../test-utils/src/useReceiver.js';
import { expectError } from '../testing/expectError.js';
import { useTestServer } from '../testing/useTestServer.js';

const C = 'acme/nature/clf';
const SECRET = 'a-test-secret-of-enough-bytes';

interface Delivery {
  id: string;
  webhook: string;
  eventId: number | null;
  eventType: string;
  status: string;
  attempts: number;
  nextAttemptAt: string | null;
  lastStatus: number | null;
  lastError: string | null;
  log: { attempt: number; at: string; durationMs: number; status: number | null; error: string | null }[];
}

/** What a receiver does to check a delivery: recompute the HMAC of "t.body" with the shared secret. */
function verify(secret: string, header: string | string[] | undefined, body: string): { t: number } {
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(header));
  if (!m) throw new Error(`malformed signature header ${String(header)}`);
  const expected = createHmac('sha256', secret).update(`${m[1]}.${body}`).digest('hex');
  if (expected !== m[2]) throw new Error('signature mismatch');
  return { t: Number(m[1]) };
}

async function until<T>(get: () => Promise<T>, ok: (v: T) => boolean, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await get();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`condition not met within ${ms} ms: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('webhooks', () => {
  const t = useTestServer({ webhooks: { allow: ['127.0.0.1/32'], backoffMs: 150, maxAttempts: 4 } });
  const receiver = useReceiver();
  const create = async (json: Record<string, unknown>, entity = 'acme') => {
    const res = await t.call('POST', `/webhooks/${entity}`, { json });
    expect(res.status).toBe(201);
    return (await res.json()) as { webhook: { id: string } & Record<string, unknown>; secret: string };
  };
  const deliveries = async (id: string, entity = 'acme') =>
    ((await (await t.call('GET', `/webhooks/${entity}/${id}/deliveries`)).json()) as { deliveries: Delivery[] }).deliveries;
  // Users of team acme, made once per test (each test has a fresh server).
  const keys = new Map<string, string>();
  beforeEach(() => keys.clear());
  const keyOf = async (user: string, role: 'admin' | 'member') => {
    if (!keys.has(user)) keys.set(user, await t.user(user, { teams: { acme: role } }));
    return keys.get(user)!;
  };
  const move = async (alias: string, version: string) =>
    t.call('PUT', `/collections/${C}/aliases/${alias}`, { json: { version, reason: 'promote' }, key: await keyOf('alice', 'admin') });

  it('creates, lists (without the secret), shows and removes webhooks', async () => {
    const r = await receiver();
    const { webhook, secret } = await create({ url: `${r.url}/hook`, types: ['alias.moved'], pattern: 'prod*', format: 'slack' });
    expect(secret).toMatch(/^whsec_[0-9a-f]{64}$/);
    expect(webhook).toEqual({
      id: expect.stringMatching(/^wh_[0-9a-f]{24}$/),
      entity: 'acme',
      url: `${r.url}/hook`,
      types: ['alias.moved'],
      pattern: 'prod*',
      format: 'slack',
      createdBy: 'admin',
      createdAt: expect.any(String),
      deliveries: { pending: 0, succeeded: 0, failed: 0 },
    });
    const list = (await (await t.call('GET', '/webhooks/acme')).json()) as { webhooks: unknown[] };
    expect(list.webhooks).toEqual([webhook]);
    expect(JSON.stringify(list)).not.toContain(secret);
    expect(((await (await t.call('GET', '/webhooks/other')).json()) as { webhooks: unknown[] }).webhooks).toEqual([]);
    expect(await (await t.call('GET', `/webhooks/acme/${webhook.id}`)).json()).toEqual({ webhook });
    // Another team's path does not reach it.
    expect(await expectError(await t.call('GET', `/webhooks/other/${webhook.id}`), 404, 'NotFound')).toMatchObject({ kind: 'webhook' });
    const rm = await t.call('DELETE', `/webhooks/acme/${webhook.id}`);
    expect(rm.status).toBe(200);
    expect(await rm.json()).toEqual({ removed: webhook.id });
    expect(await expectError(await t.call('DELETE', `/webhooks/acme/${webhook.id}`), 404, 'NotFound')).toMatchObject({ kind: 'webhook' });
  });

  it('refuses bad input, naming the field, and stores nothing', async () => {
    const r = await receiver();
    const post = (json: unknown, entity = 'acme') => t.call('POST', `/webhooks/${entity}`, { json });
    const cases: [unknown, string, Record<string, unknown>][] = [
      [{ url: 'ftp://example.com/x' }, 'InvalidArgument', { argument: 'url' }],
      [{ url: 'not a url' }, 'InvalidArgument', { argument: 'url' }],
      [{ url: `http://user:pw@127.0.0.1:1/` }, 'InvalidArgument', { argument: 'url' }],
      [{ url: r.url, types: ['alias.renamed'] }, 'InvalidArgument', { argument: 'types' }],
      [{ url: r.url, types: [] }, 'InvalidArgument', { argument: 'types' }],
      [{ url: r.url, types: 'alias.moved' }, 'InvalidArgument', { argument: 'types' }],
      [{ url: r.url, pattern: 'a/b' }, 'InvalidArgument', { argument: 'pattern' }],
      [{ url: r.url, format: 'xml' }, 'InvalidArgument', { argument: 'format' }],
      [{ url: r.url, secret: 'short' }, 'InvalidArgument', { argument: 'secret' }],
      [{ url: r.url, events: ['alias.moved'] }, 'InvalidArgument', { argument: 'events' }],
      [{ url: 42 }, 'InvalidArgument', { argument: 'url' }],
      [[], 'InvalidArgument', { argument: 'body' }],
      // Private, link-local and loopback ranges outside the allow-list (127.0.0.1/32 here).
      [{ url: 'http://10.1.2.3/hook' }, 'TargetRefused', { address: '10.1.2.3' }],
      [{ url: 'http://169.254.169.254/latest/meta-data' }, 'TargetRefused', { address: '169.254.169.254' }],
      [{ url: 'http://127.0.0.2:8080/' }, 'TargetRefused', { address: '127.0.0.2' }],
      [{ url: 'http://[::1]:8080/' }, 'TargetRefused', { address: '::1' }],
      [{ url: 'http://[::ffff:192.168.1.1]/' }, 'TargetRefused', { address: '::ffff:c0a8:101' }],
      [{ url: 'http://192.168.0.10/' }, 'TargetRefused', { address: '192.168.0.10' }],
    ];
    for (const [json, code, data] of cases) {
      expect(await expectError(await post(json), 400, code), JSON.stringify(json)).toMatchObject(data);
    }
    expect(await expectError(await post({ url: r.url }, 'bad entity'), 400, 'InvalidName')).toMatchObject({ kind: 'entity' });
    expect(await expectError(await t.call('POST', '/webhooks/acme', { body: '{', headers: { 'content-type': 'application/json' } }), 400, 'InvalidJson')).toBeDefined();
    expect(await expectError(await t.call('GET', '/webhooks/acme/wh_nope'), 400, 'InvalidArgument')).toMatchObject({ argument: 'webhook id' });
    expect(await expectError(await t.call('GET', `/webhooks/acme/wh_${'0'.repeat(24)}/deliveries?limit=0`), 400, 'InvalidArgument')).toMatchObject({ argument: 'limit' });
    expect(((await (await t.call('GET', '/webhooks/acme')).json()) as { webhooks: unknown[] }).webhooks).toEqual([]);
  });

  it('delivers matching events signed, with a delivery id, once each', async () => {
    const r = await receiver();
    const { webhook } = await create({ url: `${r.url}/hook`, types: ['alias.moved', 'alias.added', 'version.logged'], pattern: 'prod*', secret: SECRET });
    const other = await receiver();
    await create({ url: `${other.url}/hook`, types: ['alias.moved'] }, 'other');
    await t.commit(C, { 'a.txt': 'one' });
    await t.commit(C, { 'a.txt': 'two' });
    expect((await move('production', 'v0')).status).toBe(200);
    expect((await move('staging', 'v0')).status).toBe(200);
    expect((await move('production', 'v1')).status).toBe(200);
    // v0 and v1 logged (no alias name, so the pattern does not apply), production added then moved;
    // `latest` and `staging` do not fit "prod*".
    const got = await r.waitFor(4);
    const events = got.map((q) => JSON.parse(q.body) as { id: number; type: string; name: string; actor: string });
    expect(events.map((e) => `${e.type} ${e.name}`).sort()).toEqual(['alias.added production', 'alias.moved production', 'version.logged v0', 'version.logged v1']);
    const log = await until(() => deliveries(webhook.id), (ds) => ds.length === 4 && ds.every((d) => d.status === 'succeeded'));
    for (const q of got) {
      expect(q.method).toBe('POST');
      expect(q.path).toBe('/hook');
      expect(q.headers['content-type']).toBe('application/json');
      expect(q.headers['user-agent']).toBe('Arca-Webhooks/1');
      expect(q.headers['arca-webhook']).toBe(webhook.id);
      const body = JSON.parse(q.body) as { id: number; type: string };
      expect(q.headers['arca-event']).toBe(body.type);
      const { t: stamp } = verify(SECRET, q.headers['arca-signature'], q.body);
      expect(Math.abs(stamp - Date.now() / 1000)).toBeLessThan(60);
      expect(() => verify('another-secret-entirely', q.headers['arca-signature'], q.body)).toThrow('signature mismatch');
      const d = log.find((x) => x.id === q.headers['arca-delivery'])!;
      expect(d).toMatchObject({ eventId: body.id, eventType: body.type, status: 'succeeded', attempts: 1, lastStatus: 200, lastError: null, nextAttemptAt: null });
    }
    const moved = JSON.parse(got.find((q) => q.headers['arca-event'] === 'alias.moved')!.body) as Record<string, unknown>;
    expect(moved).toMatchObject({ collection: C, ref: 'aliases/production', old: { version: 'v0' }, new: { version: 'v1' }, actor: 'alice', reason: 'promote' });
    // Nothing for the other team's webhook, and nothing more for this one.
    await new Promise((res) => setTimeout(res, 300));
    expect(r.requests).toHaveLength(4);
    expect(other.requests).toHaveLength(0);
  });

  it('retries with exponential backoff until a 2xx, then never again', async () => {
    const r = await receiver();
    r.respond = ({ n }) => (n <= 2 ? 500 : 204);
    // Logged before any webhook existed: never delivered.
    await t.commit('acme/nature/before', { 'a.txt': 'zero' });
    const { webhook } = await create({ url: r.url, types: ['version.logged'], secret: SECRET });
    await t.commit(C, { 'a.txt': 'one' });
    const got = await r.waitFor(3);
    const [d] = await until(() => deliveries(webhook.id), (ds) => ds[0]?.status === 'succeeded');
    expect(d!.log.map((a) => [a.attempt, a.status, a.error])).toEqual([
      [1, 500, 'HTTP 500'],
      [2, 500, 'HTTP 500'],
      [3, 204, null],
    ]);
    expect(new Set(got.map((q) => q.headers['arca-delivery']))).toEqual(new Set([d!.id]));
    // Identical body every time; the signature is made afresh per attempt.
    expect(new Set(got.map((q) => q.body)).size).toBe(1);
    for (const q of got) verify(SECRET, q.headers['arca-signature'], q.body);
    const gaps = [got[1]!.at - got[0]!.at, got[2]!.at - got[1]!.at];
    console.log(`retry gaps with backoff 150 ms: ${gaps.join(' ms, ')} ms`);
    expect(gaps[0]).toBeGreaterThanOrEqual(140);
    expect(gaps[1]).toBeGreaterThanOrEqual(290);
    await new Promise((res) => setTimeout(res, 700));
    expect(r.requests).toHaveLength(3);
    expect(t.logged).toEqual([]);
  });

  it('gives up after maxAttempts and marks the delivery failed', async () => {
    const r = await receiver();
    r.respond = () => 503;
    const { webhook } = await create({ url: r.url, types: ['version.logged'] });
    await t.commit(C, { 'a.txt': 'one' });
    const [d] = await until(() => deliveries(webhook.id), (ds) => ds[0]?.status === 'failed', 15_000);
    expect(d).toMatchObject({ attempts: 4, lastStatus: 503, lastError: 'HTTP 503', nextAttemptAt: null });
    expect(r.requests).toHaveLength(4);
    const info = (await (await t.call('GET', `/webhooks/acme/${webhook.id}`)).json()) as { webhook: { deliveries: unknown } };
    expect(info.webhook.deliveries).toEqual({ pending: 0, succeeded: 0, failed: 1 });
  });

  it('posts a readable Slack message in the slack format', async () => {
    const slack = await receiver();
    await create({ url: `${slack.url}/services/T000/B000/XXXX`, types: ['alias.added', 'version.linked'], pattern: 'production', format: 'slack' });
    await t.commit(C, { 'a.txt': 'one' });
    await t.commit(C, { 'a.txt': 'two' });
    const reg = '/collections/acme/model-registry/Nature%20Classifier';
    expect((await t.call('POST', '/registry/acme/Nature%20Classifier/links', { json: { source: `${C}:v1`, aliases: ['staging'] }, key: await keyOf('bob', 'member') })).status).toBe(201);
    expect((await t.call('PUT', `${reg}/aliases/production`, { json: { version: 'v0', reason: 'a <b> & c' }, key: await keyOf('carol', 'admin') })).status).toBe(200);
    const got = await slack.waitFor(2);
    expect(got.map((q) => q.path)).toEqual(['/services/T000/B000/XXXX', '/services/T000/B000/XXXX']);
    const byType = Object.fromEntries(got.map((q) => [q.headers['arca-event'], JSON.parse(q.body) as unknown]));
    expect(byType).toEqual({
      'version.linked': { text: 'acme/nature/clf:v1 linked into *acme/model-registry/Nature Classifier* as v0 by bob' },
      'alias.added': { text: 'Alias `production` of *acme/model-registry/Nature Classifier* set to v0 by carol (a &lt;b&gt; &amp; c)' },
    });
    // `latest` and `staging` were added too, but do not fit the pattern.
    await new Promise((res) => setTimeout(res, 300));
    expect(slack.requests).toHaveLength(2);
  });

  it('sends a test event on request and logs the attempt', async () => {
    const r = await receiver();
    const { webhook } = await create({ url: r.url, types: ['alias.moved'], secret: SECRET });
    const res = await t.call('POST', `/webhooks/acme/${webhook.id}/test`, {});
    expect(res.status).toBe(202);
    const { delivery } = (await res.json()) as { delivery: Delivery };
    expect(delivery).toMatchObject({ webhook: webhook.id, eventId: null, eventType: 'webhook.test', attempts: 0 });
    const [q] = await r.waitFor(1);
    verify(SECRET, q!.headers['arca-signature'], q!.body);
    expect(q!.headers['arca-delivery']).toBe(delivery.id);
    expect(JSON.parse(q!.body)).toMatchObject({ id: 0, type: 'webhook.test', entity: 'acme', actor: 'admin' });
    const one = await until(
      async () => ((await (await t.call('GET', `/webhooks/acme/${webhook.id}/deliveries/${delivery.id}`)).json()) as { delivery: Delivery }).delivery,
      (d) => d.status === 'succeeded',
    );
    expect(one.log).toHaveLength(1);
    expect(await expectError(await t.call('POST', `/webhooks/acme/wh_${'0'.repeat(24)}/test`), 404, 'NotFound')).toMatchObject({ kind: 'webhook' });
  });
});

describe('webhooks to a receiver that holds its answers', () => {
  const t = useTestServer({ webhooks: { allow: ['127.0.0.1/32'], backoffMs: 150, timeoutMs: 20_000 } });
  // A real receiver on loopback that answers only when told to (a slow or stuck endpoint).
  const held: ServerResponse[] = [];
  let url = '';
  let close = () => {};
  beforeEach(async () => {
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => held.push(res));
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    close = () => {
      server.close();
      server.closeAllConnections();
    };
  });
  afterEach(() => {
    held.splice(0);
    close();
  });
  const waitHeld = (n: number) => until(async () => held.length, (k) => k >= n);
  const create = async () => {
    const res = await t.call('POST', '/webhooks/acme', { json: { url, types: ['version.logged'] } });
    expect(res.status).toBe(201);
    return ((await res.json()) as { webhook: { id: string } }).webhook;
  };

  it('waits without spinning while every sending slot is taken and more deliveries are due', async () => {
    await create();
    for (let i = 0; i < 8; i++) expect((await t.commit(C, { 'a.txt': `v${i}` })).status).toBe(201);
    // Four in flight (the default concurrency), four more due and waiting for a slot.
    await waitHeld(4);
    await new Promise((r) => setTimeout(r, 100));
    expect(held).toHaveLength(4);
    // Spinning on a 0 ms timer kept the loop ~8% busy here; waiting keeps it near 0.1%.
    const loop = performance.eventLoopUtilization();
    await new Promise((r) => setTimeout(r, 1000));
    expect(performance.eventLoopUtilization(loop).utilization).toBeLessThan(0.02);
    // Answering frees the slots, and the rest go out.
    for (const res of held.splice(0)) res.end('ok');
    await waitHeld(4);
    for (const res of held.splice(0)) res.end('ok');
    expect(t.logged).toEqual([]);
  });

  it('drops an attempt in flight quietly when its webhook is removed', async () => {
    const hook = await create();
    expect((await t.commit(C, { 'a.txt': 'one' })).status).toBe(201);
    await waitHeld(1);
    expect((await t.call('DELETE', `/webhooks/acme/${hook.id}`)).status).toBe(200);
    held.splice(0).forEach((res) => res.end('ok'));
    await new Promise((r) => setTimeout(r, 300));
    expect(t.logged).toEqual([]);
  });
});

describe('webhooks without an allow-list', () => {
  const t = useTestServer();
  const receiver = useReceiver();

  it('refuses a loopback target, by address and by a name that resolves to it', async () => {
    const r = await receiver();
    const port = new URL(r.url).port;
    expect(await expectError(await t.call('POST', '/webhooks/acme', { json: { url: r.url } }), 400, 'TargetRefused')).toMatchObject({
      address: '127.0.0.1',
      reason: expect.stringContaining('loopback'),
    });
    const byName = await expectError(await t.call('POST', '/webhooks/acme', { json: { url: `http://localhost:${port}/` } }), 400, 'TargetRefused');
    expect(['127.0.0.1', '::1']).toContain(byName.address);
    expect(r.requests).toHaveLength(0);
  });
});
