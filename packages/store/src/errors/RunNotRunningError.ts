import { ArcaError } from './ArcaError.js';

/** A finished (or failed, or crashed) run takes no more metrics, inputs or outputs, and keeps its final state. */
export class RunNotRunningError extends ArcaError<{ run: string; state: string }> {
  static readonly code = 'RunNotRunning';
  constructor(run: string, state: string) {
    super(RunNotRunningError.code, `run ${run} is ${state}, no longer running`, { run, state });
  }
}
