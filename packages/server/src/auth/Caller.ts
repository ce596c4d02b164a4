/** Who sent a request, as the API key it carried says. */
export interface Caller {
  userId: number;
  /** The user's name: the actor written to the ref log. */
  name: string;
  siteAdmin: boolean;
  serviceAccount: boolean;
  /** The public id of the key used. */
  keyId: string;
  /** A read-only key may read whatever its user may read, and change nothing. */
  readOnly: boolean;
}
