// Webhooks through the real `arca` binary: the commands, and delivery that
// survives a SIGKILLed server process mid-retry.
import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEST_ADMIN_KEY, useReceiver, useServerProcess } from '../../packages/test-utils/dist/index.js';
import { arcaWith, errorOf, sleep, useArca, writeTree } from './harness.js';

const setup = useArca();
const startServerProcess = useServerProcess();
const startReceiver = useReceiver();
const SECRET = 'cli-test-secret-0123456789';

interface Delivery {
  id: string;
  eventId: number | null;
  eventType: string;
  status: string;
  attempts: number;
  log: { attempt: number; status: number | null }[];
}

function verify(header: unknown, body: string): void {
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(header));
  expect(m, String(header)).not.toBeNull();
  expect(createHmac('sha256', SECRET).update(`${m![1]}.${body}`).digest('hex')).toBe(m![2]);
}

describe('arca webhook', () => {
  it('create, list, test, deliveries and rm', async () => {
    const { root, tempDir } = await setup();
    const receiver = await startReceiver();
    const server = await startServerProcess(join(tempDir(), 'data'), { args: ['--webhook-allow', '127.0.0.1/32'] });
    const arca = arcaWith({ ARCA_URL: server.url, ARCA_API_KEY: TEST_ADMIN_KEY, ARCA_CACHE_DIR: join(root, 'cache') }, root);

    const created = await arca('webhook', 'create', 'acme', `${receiver.url}/hook`, '--type', 'alias.moved', '--type', 'version.linked', '--pattern', 'prod*', '--secret', SECRET);
    expect(created.code).toBe(0);
    const { webhook, secret } = created.json<{ webhook: { id: string; types: string[]; pattern: string; format: string }; secret: string }>();
    expect(secret).toBe(SECRET);
    expect(webhook).toMatchObject({ types: ['alias.moved', 'version.linked'], pattern: 'prod*', format: 'json' });

    const list = await arca('webhook', 'list', 'acme');
    expect(list.code).toBe(0);
    expect(list.json<{ webhooks: { id: string }[] }>().webhooks.map((w) => w.id)).toEqual([webhook.id]);
    expect(list.stdout).not.toContain(SECRET);

    const test = await arca('webhook', 'test', 'acme', webhook.id);
    expect(test.code).toBe(0);
    expect(test.json<{ delivery: Delivery }>().delivery).toMatchObject({ eventType: 'webhook.test', status: 'succeeded', attempts: 1 });
    expect(receiver.requests).toHaveLength(1);
    verify(receiver.requests[0]!.headers['arca-signature'], receiver.requests[0]!.body);

    receiver.respond = () => 500;
    const failing = await arca('webhook', 'test', 'acme', webhook.id);
    expect(failing.code).toBe(1);
    expect(failing.json<{ delivery: Delivery }>().delivery).toMatchObject({ status: 'pending', attempts: 1, log: [{ attempt: 1, status: 500 }] });

    const log = await arca('webhook', 'deliveries', 'acme', webhook.id);
    expect(log.code).toBe(0);
    expect(log.json<{ deliveries: Delivery[] }>().deliveries.map((d) => [d.eventType, d.status])).toEqual([
      ['webhook.test', 'pending'],
      ['webhook.test', 'succeeded'],
    ]);

    expect((await arca('webhook', 'rm', 'acme', webhook.id)).json()).toEqual({ removed: webhook.id });
    const gone = await arca('webhook', 'rm', 'acme', webhook.id);
    expect(gone.code).toBe(1);
    expect(errorOf(gone).code).toBe('NotFound');
    const bad = await arca('webhook', 'create', 'acme', receiver.url, '--format', 'xml');
    expect(bad.code).toBe(2);
  }, 90_000);

  it('refuses a loopback target when the server has no allow-list', async () => {
    const { root, tempDir } = await setup();
    const receiver = await startReceiver();
    const server = await startServerProcess(join(tempDir(), 'data'));
    const arca = arcaWith({ ARCA_URL: server.url, ARCA_API_KEY: TEST_ADMIN_KEY, ARCA_CACHE_DIR: join(root, 'cache') }, root);
    const r = await arca('webhook', 'create', 'acme', receiver.url);
    expect(r.code).toBe(1);
    expect(errorOf(r)).toMatchObject({ code: 'TargetRefused', data: { address: '127.0.0.1' } });
  }, 90_000);

  it('server SIGKILLed mid-retry: after restart every delivery completes, once, and nothing is sent again', async () => {
    const { root, tempDir } = await setup();
    const dataDir = join(tempDir(), 'data');
    const receiver = await startReceiver();
    let answer = 500;
    receiver.respond = () => answer;
    const args = ['--webhook-allow', '127.0.0.1/32', '--webhook-backoff', '300', '--webhook-max-attempts', '20'];
    const envOf = (url: string) => ({ ARCA_URL: url, ARCA_API_KEY: TEST_ADMIN_KEY, ARCA_CACHE_DIR: join(root, 'cache') });

    let server = await startServerProcess(dataDir, { args });
    let arca = arcaWith(envOf(server.url), root);
    const { webhook } = (await arca('webhook', 'create', 'acme', `${receiver.url}/hook`, '--type', 'alias.added', '--secret', SECRET)).json<{ webhook: { id: string } }>();
    writeTree(root, { 'm/a.txt': 'weights' });
    expect((await arca('log', 'acme/p/model', 'm', '--type', 'model', '--alias', 'best')).code).toBe(0);
    // Two deliveries (latest, best), each failed once and retried at least once: kill now.
    await receiver.waitFor(4, 20_000);
    await server.kill('SIGKILL');
    const beforeRestart = receiver.requests.length;
    expect(receiver.requests.every((q) => q.status === 500)).toBe(true);

    answer = 200;
    server = await startServerProcess(dataDir, { args });
    arca = arcaWith(envOf(server.url), root);
    let deliveries: Delivery[] = [];
    for (const deadline = Date.now() + 20_000; Date.now() < deadline; await sleep(100)) {
      deliveries = (await arca('webhook', 'deliveries', 'acme', webhook.id)).json<{ deliveries: Delivery[] }>().deliveries;
      if (deliveries.length === 2 && deliveries.every((d) => d.status === 'succeeded')) break;
    }
    expect(deliveries.map((d) => d.status)).toEqual(['succeeded', 'succeeded']);

    const byDelivery = new Map<string, typeof receiver.requests>();
    for (const q of receiver.requests) {
      const id = String(q.headers['arca-delivery']);
      byDelivery.set(id, [...(byDelivery.get(id) ?? []), q]);
    }
    expect([...byDelivery.keys()].sort()).toEqual(deliveries.map((d) => d.id).sort());
    for (const d of deliveries) {
      const got = byDelivery.get(d.id)!;
      // One success each; every attempt the server recorded reached the receiver (a request in
      // flight at the kill may have reached it without being recorded, never the other way).
      expect(got.filter((q) => q.status === 200)).toHaveLength(1);
      expect(got.at(-1)!.status).toBe(200);
      expect(got.length).toBeGreaterThanOrEqual(d.attempts);
      expect(d.log.at(-1)!.status).toBe(200);
      expect(new Set(got.map((q) => q.body)).size).toBe(1);
      for (const q of got) verify(q.headers['arca-signature'], q.body);
    }
    const names = deliveries.map((d) => (JSON.parse(byDelivery.get(d.id)![0]!.body) as { name: string }).name).sort();
    expect(names).toEqual(['best', 'latest']);

    // Restarted once more, the server sends nothing that was recorded as delivered.
    const settled = receiver.requests.length;
    await server.kill('SIGKILL');
    server = await startServerProcess(dataDir, { args });
    await sleep(1500);
    expect(receiver.requests.length).toBe(settled);
    console.log(`webhook restart test: ${beforeRestart} failed requests before the kill, ${settled - beforeRestart} after restart (all 200)`);
  }, 90_000);
});
