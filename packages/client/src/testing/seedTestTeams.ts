import { ArcaClient } from '../ArcaClient.js';
import { TEST_ADMIN_KEY } from './TEST_ADMIN_KEY.js';

/** The teams the client tests write to: only teams hold collections and runs. */
const TEST_TEAMS = ['team', 'e', 'acme', 'other'];

/** Creates the test teams on a test server, as its site admin (a restarted server has them already). */
export async function seedTestTeams(url: string): Promise<void> {
  const admin = new ArcaClient({ url, apiKey: TEST_ADMIN_KEY });
  for (const team of TEST_TEAMS) {
    await admin.access.createTeam(team).catch((err: unknown) => {
      if ((err as { code?: string }).code !== 'AlreadyExists') throw err;
    });
  }
}
