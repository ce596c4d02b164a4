/**
 * Calls `handler` on Ctrl-C (SIGINT) or SIGTERM instead of Node's default
 * handling, until the returned function gives the signals back. A handler that
 * wants the process to end as the signal would have disposes, then re-raises it
 * (`process.kill(process.pid, name)`): the exit status stays 128 + the signal.
 */
export function onInterrupt(handler: (name: NodeJS.Signals) => void): () => void {
  const dispose = (): void => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return dispose;
}
