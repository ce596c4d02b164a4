/**
 * The site admin's API key of every server these helpers start (passed as
 * ARCA_ADMIN_KEY would be), and the key `runCli`/`spawnCli` send unless a test
 * sets ARCA_API_KEY itself. Test servers listen on loopback only.
 */
export const TEST_ADMIN_KEY = 'arca_test-admin_0123456789abcdefghijklmnopqrstuvwxyz';
