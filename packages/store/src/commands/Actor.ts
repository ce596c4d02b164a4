/** Who asked for a change and why; recorded in the ref log with every ref it moves. */
export interface Actor {
  actor: string;
  reason?: string;
}
