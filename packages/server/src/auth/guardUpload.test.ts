import { hashBytes } from '@arca/store';
import { describe, expect, it } from 'vitest';
import { useTestServer } from '../testing/useTestServer.js';

describe('guardUpload', () => {
  const t = useTestServer();

  it('tells a caller with no writing role that any team would do, not "team null"', async () => {
    const key = await t.user('val', { teams: { acme: 'viewer' } });
    const bytes = Buffer.from('an object');
    const res = await t.call('PUT', `/objects/${hashBytes(bytes)}`, { key, body: bytes });
    expect(res.status).toBe(403);
    const { error } = (await res.json()) as { error: { message: string; data: Record<string, unknown> } };
    expect(error.data).toEqual({ action: 'upload objects', needed: 'member', entity: null });
    expect(error.message).toBe('forbidden: upload objects needs the member role in some team');
  });
});
