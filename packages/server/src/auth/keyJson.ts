import type { ApiKeyRow } from '@arca/store';

/** A key as the API lists it: never its secret or its hash. */
export function keyJson(k: ApiKeyRow, user: string) {
  return { id: k.id, user, readOnly: k.read_only === 1, description: k.description, createdAt: k.created_at, revokedAt: k.revoked_at };
}
