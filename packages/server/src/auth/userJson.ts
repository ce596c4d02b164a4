import type { UserRow } from '@arca/store';

/** A user as the API shows it. */
export function userJson(u: UserRow): { name: string; serviceAccount: boolean; siteAdmin: boolean; createdAt: string } {
  return { name: u.name, serviceAccount: u.service_account === 1, siteAdmin: u.site_admin === 1, createdAt: u.created_at };
}
