import { TEST_ADMIN_KEY } from './TEST_ADMIN_KEY.js';

/** Teams the test servers start with, as a site admin would have made them: only teams hold collections and runs. */
export const TEST_TEAMS = ['e', 'acme', 'team', 'other', 'globex'];

/**
 * Creates teams (TEST_TEAMS unless told) on a running server as its site admin
 * (TEST_ADMIN_KEY unless told); those that exist already are fine. The benches
 * use it too, with their own key and teams.
 */
export async function seedTeams(url: string, opts: { adminKey?: string; teams?: readonly string[] } = {}): Promise<void> {
  for (const name of opts.teams ?? TEST_TEAMS) {
    const res = await fetch(`${url}/api/v1/teams`, {
      method: 'POST',
      headers: { authorization: `Bearer ${opts.adminKey ?? TEST_ADMIN_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name }),
    });
    await res.arrayBuffer();
    if (res.status !== 201 && res.status !== 409) throw new Error(`creating team ${name}: HTTP ${res.status}`);
  }
}
