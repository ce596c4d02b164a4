/** Every route of the API lives under this path (docs/api.md). */
export const API_PREFIX = '/api/v1';
