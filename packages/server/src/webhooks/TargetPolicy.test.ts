import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useReceiver } from '../../../test-utils/src/useReceiver.js';
import { startServer, type RunningServer } from '../startServer.js';
import { seedTestTeams, TEST_ADMIN_KEY } from '../testing/useTestServer.js';
import { sendDelivery } from './sendDelivery.js';
import { TargetPolicy } from './TargetPolicy.js';

describe('TargetPolicy', () => {
  const receiver = useReceiver();

  it('refuses private, loopback and link-local addresses unless allowed', () => {
    const none = new TargetPolicy();
    for (const a of ['127.0.0.1', '10.0.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', 'fe80::1', 'fd00::1', '::ffff:10.0.0.1']) {
      expect(none.refusal(a), a).toBeDefined();
    }
    for (const a of ['93.184.216.34', '8.8.8.8', '172.32.0.1', '2606:4700::1111']) expect(none.refusal(a), a).toBeUndefined();
    const some = new TargetPolicy(['127.0.0.1/32', '10.1.0.0/16', '::1']);
    expect(some.refusal('127.0.0.1')).toBeUndefined();
    expect(some.refusal('10.1.2.3')).toBeUndefined();
    expect(some.refusal('::1')).toBeUndefined();
    expect(some.refusal('127.0.0.2')).toBeDefined();
    expect(some.refusal('10.2.0.1')).toBeDefined();
    expect(() => new TargetPolicy(['10.0.0.0/33'])).toThrowError(expect.objectContaining({ code: 'InvalidArgument' }));
    expect(() => new TargetPolicy(['localhost'])).toThrowError(expect.objectContaining({ code: 'InvalidArgument' }));
  });

  it('checks the address a name resolves to when the request is made, and connects to that address only', async () => {
    const r = await receiver();
    const url = `http://localhost:${new URL(r.url).port}/hook`;
    const abort = new AbortController();
    const refused = await sendDelivery(url, '{}', { 'content-type': 'application/json' }, new TargetPolicy(), 5000, abort.signal);
    expect(refused.status).toBeNull();
    expect(refused.error).toMatch(/refused: (127\.0\.0\.1|::1) is a loopback address/);
    expect(r.requests).toHaveLength(0);
    const allowed = await sendDelivery(url, '{}', { 'content-type': 'application/json' }, new TargetPolicy(['127.0.0.1/32', '::1/128']), 5000, abort.signal);
    expect(allowed).toEqual({ status: 200, error: null });
    expect(r.requests).toHaveLength(1);
  });

  it('does not follow redirects', async () => {
    const r = await receiver();
    r.respond = () => 307;
    const res = await sendDelivery(r.url, '{}', {}, new TargetPolicy(['127.0.0.1/32']), 5000, new AbortController().signal);
    expect(res).toEqual({ status: 307, error: null });
    expect(r.requests).toHaveLength(1);
  });
});

describe('a webhook whose target stops being allowed', () => {
  const receiver = useReceiver();
  const servers: RunningServer[] = [];
  let dataDir = '';
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('is refused at delivery time, the refusal is in the delivery log, and nothing is sent', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'arca-webhook-policy-'));
    await seedTestTeams(dataDir);
    const r = await receiver();
    const first = await startServer({ dataDir, port: 0, adminKey: TEST_ADMIN_KEY, webhooks: { allow: ['127.0.0.1/32', '::1/128'] } });
    servers.push(first);
    const created = await fetch(`${first.url}/api/v1/webhooks/acme`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_ADMIN_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ url: `http://localhost:${new URL(r.url).port}/hook`, types: ['alias.moved'] }),
    });
    expect(created.status).toBe(201);
    const { webhook } = (await created.json()) as { webhook: { id: string } };
    await first.close();
    servers.pop();
    // The same name now leads somewhere this server may not go (as after a DNS rebinding).
    const second = await startServer({ dataDir, port: 0, adminKey: TEST_ADMIN_KEY, webhooks: { backoffMs: 60_000 } });
    servers.push(second);
    const test = await fetch(`${second.url}/api/v1/webhooks/acme/${webhook.id}/test`, { method: 'POST', headers: { authorization: `Bearer ${TEST_ADMIN_KEY}` } });
    expect(test.status).toBe(202);
    const { delivery } = (await test.json()) as { delivery: { id: string } };
    let d: { status: string; attempts: number; lastStatus: number | null; lastError: string | null } | undefined;
    for (const deadline = Date.now() + 10_000; Date.now() < deadline; await new Promise((res) => setTimeout(res, 25))) {
      d = ((await (await fetch(`${second.url}/api/v1/webhooks/acme/${webhook.id}/deliveries/${delivery.id}`, { headers: { authorization: `Bearer ${TEST_ADMIN_KEY}` } })).json()) as { delivery: typeof d }).delivery;
      if (d!.attempts > 0) break;
    }
    expect(d).toMatchObject({ status: 'pending', attempts: 1, lastStatus: null, lastError: expect.stringMatching(/refused: (127\.0\.0\.1|::1) is a loopback address/) });
    expect(r.requests).toHaveLength(0);
  });
});
