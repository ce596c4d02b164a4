import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '@arca/server';
import { ForbiddenError, NotFoundError, UnauthenticatedError } from '@arca/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ArcaClient } from '../ArcaClient.js';

// The site admin's key of the test server (as ARCA_ADMIN_KEY would set it).
import { TEST_ADMIN_KEY } from '../testing/TEST_ADMIN_KEY.js';
import { printServerError } from '../testing/printServerError.js';
let server: RunningServer;
let work: string;

beforeEach(async () => {
  work = mkdtempSync(join(tmpdir(), 'arca-client-access-'));
  server = await startServer({ dataDir: join(work, 'server'), host: '127.0.0.1', port: 0, adminKey: TEST_ADMIN_KEY, logError: printServerError });
});
afterEach(async () => {
  await server.close();
  rmSync(work, { recursive: true, force: true });
});

const clientWith = (apiKey?: string) => new ArcaClient({ url: server.url, cacheDir: join(work, 'cache'), ...(apiKey ? { apiKey } : {}) });

describe('ArcaClient access', () => {
  it('sends apiKey as a bearer token and raises typed errors for 401, 403 and 404', async () => {
    const saved = process.env.ARCA_API_KEY;
    delete process.env.ARCA_API_KEY;
    try {
      const anonymous = clientWith();
      const err = await anonymous.access.whoami().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UnauthenticatedError);
      expect(err).toMatchObject({ code: 'Unauthenticated', data: { reason: 'missing' } });
    } finally {
      if (saved !== undefined) process.env.ARCA_API_KEY = saved;
    }
    await expect(clientWith('arca_000000000000_nope').health()).resolves.toMatchObject({ ok: true });

    const admin = clientWith(TEST_ADMIN_KEY);
    expect((await admin.access.whoami()).user).toMatchObject({ name: 'admin', siteAdmin: true });
    await admin.access.createTeam('acme');
    await admin.access.createUser('bob');
    expect(await admin.access.setMember('acme', 'bob', 'member')).toEqual({ team: 'acme', user: 'bob', role: 'member' });
    const { key, secret } = await admin.access.createKey({ user: 'bob', description: 'sdk test' });
    expect(key).toMatchObject({ user: 'bob', readOnly: false, description: 'sdk test', revokedAt: null });

    const bob = clientWith(secret);
    const file = join(work, 'm.bin');
    writeFileSync(file, 'weights');
    const logged = await bob.logArtifact({ name: 'acme/p/model', type: 'model', paths: [file] });
    expect(logged.version.actor).toBe('bob');
    const forbidden = await bob.setAlias('acme/p/model:v0', 'production').catch((e: unknown) => e);
    expect(forbidden).toBeInstanceOf(ForbiddenError);
    expect(forbidden).toMatchObject({ data: { action: 'move protected alias production', needed: 'admin', entity: 'acme' } });
    const hidden = await bob.resolve('globex/p/model').catch((e: unknown) => e);
    expect(hidden).toBeInstanceOf(NotFoundError);
    expect(hidden).toMatchObject({ data: { kind: 'entity', name: 'globex' } });

    expect((await bob.access.listKeys()).map((k) => k.id)).toEqual([key.id]);
    expect((await bob.access.revokeKey(key.id)).revokedAt).toEqual(expect.any(String));
    await expect(bob.access.whoami()).rejects.toMatchObject({ code: 'Unauthenticated', data: { reason: 'revoked' } });
    await expect(admin.access.setMember('acme', 'bob', 'owner')).rejects.toMatchObject({ code: 'InvalidArgument', data: { argument: 'role' } });
    // Protected aliases are part of a registered model; only team admins change them.
    const member = clientWith((await admin.access.createKey({ user: 'bob' })).secret);
    await member.registry.createModel('acme/model-registry/Clf', { description: '# Clf' });
    await expect(member.registry.updateModel('acme/model-registry/Clf', { protectedAliases: ['gold'] })).rejects.toMatchObject({
      code: 'Forbidden',
      data: { action: 'change protected aliases', needed: 'admin', entity: 'acme' },
    });
    expect((await admin.registry.updateModel('acme/model-registry/Clf', { protectedAliases: ['gold'] })).model.protectedAliases).toEqual(['gold']);
  });
});
