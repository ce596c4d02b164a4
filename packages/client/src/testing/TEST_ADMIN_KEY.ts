/** The site admin's key of the servers the client's integration tests start (as ARCA_ADMIN_KEY would set it). */
export const TEST_ADMIN_KEY = 'arca_test-admin_0123456789abcdefghijklmnopqrstuvwxyz';
