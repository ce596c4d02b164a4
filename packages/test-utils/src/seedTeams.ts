import { TEST_ADMIN_KEY } from './TEST_ADMIN_KEY.js';

/** Teams the test servers start with, as a site admin would have made them: only teams hold collections and runs. */
export const TEST_TEAMS = ['e', 'acme', 'team', 'other', 'globex'];

/** Creates TEST_TEAMS on a running server as its site admin (those that exist already are fine). */
export async function seedTeams(url: string): Promise<void> {
  for (const name of TEST_TEAMS) {
    const res = await fetch(`${url}/api/v1/teams`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_ADMIN_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name }),
    });
    await res.arrayBuffer();
    if (res.status !== 201 && res.status !== 409) throw new Error(`creating team ${name}: HTTP ${res.status}`);
  }
}
