/** A user's role in a team. Ordered: an admin can do what a member can, a member what a viewer can. */
export type Role = 'admin' | 'member' | 'viewer';

/** The roles, weakest first. */
export const ROLES: readonly Role[] = ['viewer', 'member', 'admin'];
