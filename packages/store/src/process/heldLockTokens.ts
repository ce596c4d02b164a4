/**
 * Tokens of the lock rows (server lock, gc lock) this process holds right now.
 * A row naming this process's own pid is not proof that the lock is held: in a
 * container every start is PID 1 (the Docker image and the Helm chart run
 * `arca` as PID 1), so a server killed with SIGKILL and restarted leaves a row
 * whose pid is alive again, in the new process. Only the token tells a row
 * this process wrote (a second start in the same process, which must be
 * refused) from one a previous process with the same pid left behind.
 */
export const heldLockTokens = new Set<string>();
