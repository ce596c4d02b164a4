import type { Role } from '@arca/store/pure';

export interface UserInfo {
  name: string;
  serviceAccount: boolean;
  siteAdmin: boolean;
  createdAt: string;
}

/** An API key as listed: never its secret. */
export interface KeyInfo {
  /** The public id, used to revoke it. */
  id: string;
  user: string;
  readOnly: boolean;
  description: string;
  createdAt: string;
  revokedAt: string | null;
}

export interface WhoAmI {
  user: UserInfo;
  key: { id: string; readOnly: boolean };
  teams: { team: string; role: Role }[];
}

export interface TeamInfo {
  team: { name: string; createdAt: string };
  members: { user: string; role: Role; serviceAccount: boolean }[];
}

