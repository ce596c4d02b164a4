import { hashBytes } from '@arca/store';
import { describe, expect, it } from 'vitest';
import { expectError } from '../testing/expectError.js';
import { useTestServer, type TestServer } from '../testing/useTestServer.js';

/**
 * Roles x actions x own team / other team, over real HTTP. Team `acme` holds an
 * artifact collection and a registered model; each caller below tries every
 * action on acme. A refusal must change nothing.
 */
type Caller = 'siteAdmin' | 'teamAdmin' | 'member' | 'viewer' | 'otherTeam' | 'readOnlyMember' | 'operator' | 'noTeam';
type Outcome = 'ok' | 'hidden' | 'forbidden';

const C = 'acme/vision/model';
const REG = 'acme/model-registry/Classifier';
const SCRATCH = 'acme/vision/scratch';

interface Fixture {
  keys: Record<Caller, string>;
  v0: string;
}

async function fixture(t: TestServer): Promise<Fixture> {
  const keys = {
    siteAdmin: undefined as unknown as string,
    teamAdmin: await t.user('ann', { teams: { acme: 'admin' } }),
    member: await t.user('bob', { teams: { acme: 'member' } }),
    viewer: await t.user('cat', { teams: { acme: 'viewer' } }),
    otherTeam: await t.user('dan', { teams: { globex: 'admin' } }),
    readOnlyMember: await t.user('eve', { teams: { acme: 'member' }, readOnly: true }),
    operator: await t.user('k8s-operator', { teams: { acme: 'viewer' }, serviceAccount: true, readOnly: true }),
    noTeam: await t.user('fay'),
  } as Record<Caller, string>;
  const v0 = ((await (await t.commit(C, { w: '0' }, { type: 'model' })).json()) as { version: { digest: string } }).version.digest;
  await t.commit(C, { w: '1' }, { type: 'model' });
  expect((await t.call('POST', '/registry/acme/Classifier/links', { json: { source: `${C}:v0`, aliases: ['staging', 'production'] } })).status).toBe(201);
  expect((await t.commit('globex/p/c', { g: '1' })).status).toBe(201);
  expect((await t.commit(SCRATCH, { s: '1' })).status).toBe(201);
  return { keys, v0 };
}

interface Action {
  name: string;
  run(t: TestServer, key: string | undefined, f: Fixture): Promise<Response>;
  /** Which collection's ref log a refused attempt must leave unchanged. */
  touches?: string;
  needed?: string;
  outcome: Record<Caller, Outcome>;
}

const as = (key: string | undefined) => (key === undefined ? {} : { key });
const read: Record<Caller, Outcome> = {
  siteAdmin: 'ok', teamAdmin: 'ok', member: 'ok', viewer: 'ok', otherTeam: 'hidden', readOnlyMember: 'ok', operator: 'ok', noTeam: 'hidden',
};
const write: Record<Caller, Outcome> = {
  siteAdmin: 'ok', teamAdmin: 'ok', member: 'ok', viewer: 'forbidden', otherTeam: 'hidden', readOnlyMember: 'forbidden', operator: 'forbidden', noTeam: 'hidden',
};
const admin: Record<Caller, Outcome> = { ...write, member: 'forbidden' };

const actions: Action[] = [
  { name: 'read a collection', run: (t, k) => t.call('GET', `/collections/${C}`, as(k)), outcome: read },
  { name: 'read its ref log', run: (t, k) => t.call('GET', `/collections/${C}/log`, as(k)), outcome: read },
  { name: 'list a project', run: (t, k) => t.call('GET', '/projects/acme/vision/collections', as(k)), outcome: read },
  { name: 'resolve a ref', run: (t, k) => t.call('GET', `/resolve?ref=${encodeURIComponent(`${REG}:production`)}`, as(k)), outcome: read },
  { name: 'read the team', run: (t, k) => t.call('GET', '/teams/acme', as(k)), outcome: read },
  { name: 'read a registered model', run: (t, k) => t.call('GET', '/registry/acme/models/Classifier', as(k)), outcome: read },
  { name: 'list registered models', run: (t, k) => t.call('GET', '/registry/acme/models?alias=production', as(k)), outcome: read },
  { name: "read a model's history", run: (t, k) => t.call('GET', '/registry/acme/models/Classifier/history', as(k)), outcome: read },
  { name: 'find what carries a tag', run: (t, k) => t.call('GET', '/tags/acme/approved', as(k)), outcome: read },
  { name: 'read retention', run: (t, k) => t.call('GET', `/collections/${C}/retention`, as(k)), outcome: read },
  { name: 'list webhooks', needed: 'admin', run: (t, k) => t.call('GET', '/webhooks/acme', as(k)), outcome: admin },
  { name: 'list runs', run: (t, k) => t.call('GET', '/runs/acme/vision', as(k)), outcome: read },
  { name: 'read lineage', run: (t, k) => t.call('GET', `/lineage?ref=${encodeURIComponent(`${C}:v0`)}`, as(k)), outcome: read },
  { name: 'start a run', needed: 'member', run: (t, k) => t.call('POST', '/runs/acme/vision', { ...as(k), json: { jobType: 'train' } }), outcome: write },
  {
    name: 'log a version',
    touches: C,
    needed: 'member',
    run: async (t, k) => t.call('POST', `/collections/${C}/versions`, { ...as(k), json: { type: 'model', tree: await t.putTree({ w: 'new' }) } }),
    outcome: write,
  },
  {
    name: 'link a version',
    touches: REG,
    needed: 'member',
    run: (t, k) => t.call('POST', '/registry/acme/Classifier/links', { ...as(k), json: { source: `${C}:v1` } }),
    outcome: write,
  },
  {
    name: 'move an alias',
    touches: C,
    needed: 'member',
    run: (t, k) => t.call('PUT', `/collections/${C}/aliases/best`, { ...as(k), json: { version: 'v1' } }),
    outcome: write,
  },
  {
    name: 'remove an alias',
    touches: REG,
    needed: 'member',
    run: (t, k) => t.call('DELETE', '/collections/acme/model-registry/Classifier/aliases/staging', as(k)),
    outcome: write,
  },
  {
    name: 'move the protected alias production',
    touches: REG,
    needed: 'admin',
    run: (t, k) => t.call('PUT', '/collections/acme/model-registry/Classifier/aliases/production', { ...as(k), json: { version: 'v0', reason: 'r' } }),
    outcome: admin,
  },
  {
    name: 'remove the protected alias production',
    touches: REG,
    needed: 'admin',
    run: (t, k) => t.call('DELETE', '/collections/acme/model-registry/Classifier/aliases/production', as(k)),
    outcome: admin,
  },
  {
    name: 'set production while logging',
    touches: C,
    needed: 'admin',
    run: async (t, k) => t.call('POST', `/collections/${C}/versions`, { ...as(k), json: { type: 'model', tree: await t.putTree({ w: 'p' }), aliases: ['production'] } }),
    outcome: admin,
  },
  {
    name: 'set production while linking',
    touches: REG,
    needed: 'admin',
    run: (t, k) => t.call('POST', '/registry/acme/Classifier/links', { ...as(k), json: { source: `${C}:v1`, aliases: ['production'] } }),
    outcome: admin,
  },
  {
    name: 'create a registered model',
    needed: 'member',
    run: (t, k) => t.call('POST', '/registry/acme/models', { ...as(k), json: { name: 'New Model' } }),
    outcome: write,
  },
  {
    name: 'edit a model card',
    touches: REG,
    needed: 'member',
    run: (t, k) => t.call('PATCH', '/registry/acme/models/Classifier', { ...as(k), json: { description: '# Card, edited' } }),
    outcome: write,
  },
  {
    name: 'change the protected aliases',
    touches: REG,
    needed: 'admin',
    run: (t, k) => t.call('PATCH', '/registry/acme/models/Classifier', { ...as(k), json: { protectedAliases: ['production', 'staging'] } }),
    outcome: admin,
  },
  {
    name: 'create a model with its own protected aliases',
    needed: 'admin',
    run: (t, k) => t.call('POST', '/registry/acme/models', { ...as(k), json: { name: 'Unprotected', protectedAliases: [] } }),
    outcome: admin,
  },
  {
    name: 'tag a version',
    touches: C,
    needed: 'member',
    run: (t, k) => t.call('POST', `/collections/${C}/versions/v1/tags`, { ...as(k), json: { tags: ['approved'] } }),
    outcome: write,
  },
  {
    name: 'remove a tag',
    touches: C,
    needed: 'member',
    run: (t, k) => t.call('DELETE', `/collections/${C}/versions/v1/tags/approved`, as(k)),
    outcome: write,
  },
  {
    name: 'set retention',
    needed: 'member',
    run: (t, k) => t.call('PUT', `/collections/${C}/retention`, { ...as(k), json: { ttlSeconds: 30 * 86400 } }),
    outcome: write,
  },
  {
    name: "set a version's retention",
    needed: 'member',
    run: (t, k) => t.call('PUT', `/collections/${C}/versions/v0/retention`, { ...as(k), json: { ttlSeconds: null } }),
    outcome: write,
  },
  {
    name: 'add a team member',
    needed: 'admin',
    run: (t, k) => t.call('PUT', '/teams/acme/members/fay', { ...as(k), json: { role: 'viewer' } }),
    outcome: admin,
  },
  // Last: they remove what earlier actions use. v2 is the version 'log a version' made.
  {
    name: 'delete a version',
    touches: C,
    needed: 'member',
    run: (t, k) => t.call('DELETE', `/collections/${C}/versions/v2`, as(k)),
    outcome: write,
  },
  {
    name: 'delete a collection',
    touches: SCRATCH,
    needed: 'member',
    run: (t, k) => t.call('DELETE', `/collections/${SCRATCH}`, as(k)),
    outcome: write,
  },
];

async function expectOutcome(res: Response, outcome: Outcome, needed: string | undefined, what: string): Promise<void> {
  if (outcome === 'ok') {
    expect([200, 201], `${what}: ${await res.clone().text()}`).toContain(res.status);
    await res.arrayBuffer();
  } else if (outcome === 'hidden') {
    // 404, not 403: whether acme exists is not given away.
    expect(await expectError(res, 404, 'NotFound'), what).toEqual({ kind: 'entity', name: 'acme' });
  } else {
    const data = await expectError(res, 403, 'Forbidden');
    // A viewer is refused for want of the member role before the alias's protection is looked at.
    expect(['writable-key', 'member', needed], what).toContain(data.needed);
  }
}

describe('access matrix', () => {
  const t = useTestServer();

  for (const caller of ['siteAdmin', 'teamAdmin', 'member', 'viewer', 'otherTeam', 'readOnlyMember', 'operator', 'noTeam'] as Caller[]) {
    it(`${caller}: every action on team acme`, async () => {
      const f = await fixture(t);
      for (const a of actions) {
        const before = a.touches ? await t.log(a.touches) : undefined;
        const res = await a.run(t, f.keys[caller], f);
        await expectOutcome(res, a.outcome[caller], a.needed, `${caller} ${a.name}`);
        if (a.outcome[caller] !== 'ok' && a.touches) expect(await t.log(a.touches), `${caller} ${a.name} changed nothing`).toEqual(before);
      }
      expect(t.logged).toEqual([]);
    });
  }

  it("a read-only key of a member is refused even its own key management, and a viewer's own key works for reads only", async () => {
    const f = await fixture(t);
    const data = await expectError(await t.call('POST', '/keys', { key: f.keys.readOnlyMember, json: {} }), 403, 'Forbidden');
    expect(data).toEqual({ action: 'create keys', needed: 'writable-key', entity: null });
    expect((await t.call('GET', '/keys', { key: f.keys.readOnlyMember })).status).toBe(200);
    expect((await t.call('GET', `/collections/${C}`, { key: f.keys.viewer })).status).toBe(200);
  });

  it('objects: uploads need write access to some team and a writable key; reads need only a key', async () => {
    const f = await fixture(t);
    const bytes = Buffer.from('shared object');
    const digest = hashBytes(bytes);
    const before = await t.stats();
    for (const caller of ['viewer', 'readOnlyMember', 'operator', 'noTeam'] as Caller[]) {
      for (const res of [
        await t.call('PUT', `/objects/${digest}`, { key: f.keys[caller], body: bytes }),
        await t.call('POST', '/objects/missing', { key: f.keys[caller], json: { digests: [digest] } }),
        await t.call('POST', '/objects/batch', { key: f.keys[caller], body: bytes, headers: { 'content-type': 'application/vnd.arca.objects' } }),
      ]) {
        const data = await expectError(res, 403, 'Forbidden');
        expect(['member', 'writable-key'], caller).toContain(data.needed);
      }
    }
    expect(await t.stats()).toEqual(before);
    // A member of another team uploads to the shared object store (a later commit to acme would still be refused).
    expect((await t.call('PUT', `/objects/${digest}`, { key: f.keys.otherTeam, body: bytes })).status).toBe(201);
    for (const caller of ['viewer', 'operator', 'noTeam', 'otherTeam'] as Caller[]) {
      const res = await t.call('GET', `/objects/${digest}`, { key: f.keys[caller] });
      expect(res.status, caller).toBe(200);
      expect(Buffer.from(await res.arrayBuffer())).toEqual(bytes);
    }
    await expectError(await t.call('GET', `/objects/${digest}`, { key: null }), 401, 'Unauthenticated');
  });

  it('stats and garbage collection of the whole server are for site admins', async () => {
    const f = await fixture(t);
    expect(await expectError(await t.call('GET', '/stats', { key: f.keys.teamAdmin }), 403, 'Forbidden')).toMatchObject({ needed: 'site-admin' });
    expect((await t.call('GET', '/stats')).status).toBe(200);
    for (const caller of ['teamAdmin', 'member', 'viewer', 'operator'] as Caller[]) {
      const res = await t.call('POST', '/gc', { key: f.keys[caller], json: { dryRun: true } });
      expect(await expectError(res, 403, 'Forbidden'), caller).toEqual({ action: 'collect garbage', needed: 'site-admin', entity: null });
    }
    await expectError(await t.call('POST', '/gc', { key: null, json: { dryRun: true } }), 401, 'Unauthenticated');
    expect((await t.call('POST', '/gc', { json: { dryRun: true } })).status).toBe(200);
  });

  it('a link needs read access to the source: another team\'s source is hidden', async () => {
    const f = await fixture(t);
    const res = await t.call('POST', '/registry/globex/Stolen/links', { key: f.keys.otherTeam, json: { source: `${C}:v0` } });
    expect(await expectError(res, 404, 'NotFound')).toEqual({ kind: 'entity', name: 'acme' });
    // A member of both teams sees the source, and is told that links stay within a team.
    await t.call('PUT', '/teams/globex/members/bob', { json: { role: 'member' } });
    const both = await t.call('POST', '/registry/globex/Borrowed/links', { key: f.keys.member, json: { source: `${C}:v0` } });
    expect(await expectError(both, 400, 'InvalidArgument')).toMatchObject({ argument: 'registry' });
  });

  it('protected aliases are configurable per registered model, by its team admins', async () => {
    const f = await fixture(t);
    const model = '/registry/acme/models/Classifier';
    const get = async () => ((await (await t.call('GET', model, { key: f.keys.viewer })).json()) as { model: { protectedAliases: string[] } }).model.protectedAliases;
    expect(await get()).toEqual(['production']);
    const refused = await t.call('PATCH', model, { key: f.keys.member, json: { protectedAliases: [], description: '# mine' } });
    expect(await expectError(refused, 403, 'Forbidden')).toEqual({ action: 'change protected aliases', needed: 'admin', entity: 'acme' });
    expect(await get()).toEqual(['production']);
    expect((await t.call('PATCH', model, { key: f.keys.teamAdmin, json: { protectedAliases: ['staging', 'gold'] } })).status).toBe(200);
    expect([...(await get())].sort()).toEqual(['gold', 'staging']);
    const reg = '/collections/acme/model-registry/Classifier/aliases';
    // production is now an ordinary alias; staging and gold are not.
    expect((await t.call('PUT', `${reg}/production`, { key: f.keys.member, json: { version: 'v0' } })).status).toBe(200);
    expect(await expectError(await t.call('PUT', `${reg}/staging`, { key: f.keys.member, json: { version: 'v0' } }), 403, 'Forbidden')).toEqual({
      action: 'move protected alias staging',
      needed: 'admin',
      entity: 'acme',
    });
    expect(await expectError(await t.call('PUT', `${reg}/gold`, { key: f.keys.member, json: { version: 'v0' } }), 403, 'Forbidden')).toMatchObject({ needed: 'admin' });
    expect((await t.call('PUT', `${reg}/gold`, { key: f.keys.teamAdmin, json: { version: 'v0' } })).status).toBe(200);
    // Other registered models keep the default, also one a member creates.
    expect((await t.call('POST', '/registry/acme/models', { key: f.keys.member, json: { name: 'Other' } })).status).toBe(201);
    expect(await expectError(await t.call('POST', '/registry/acme/Other/links', { key: f.keys.member, json: { source: `${C}:v0`, aliases: ['production'] } }), 403, 'Forbidden')).toMatchObject({
      needed: 'admin',
    });
    for (const [body, code, argument] of [
      [{ protectedAliases: ['latest'] }, 'InvalidName', undefined],
      [{ protectedAliases: ['bad name'] }, 'InvalidName', undefined],
      [{ protectedAliases: 'production' }, 'InvalidArgument', 'protectedAliases'],
    ] as const) {
      const data = await expectError(await t.call('PATCH', model, { key: f.keys.teamAdmin, json: body }), 400, code);
      if (argument) expect(data.argument, JSON.stringify(body)).toBe(argument);
    }
    expect([...(await get())].sort()).toEqual(['gold', 'staging']);
  });
});
