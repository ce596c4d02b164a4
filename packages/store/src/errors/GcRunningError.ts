import { ArcaError } from './ArcaError.js';

/** Another garbage collection holds the store (one runs at a time, across processes). */
export class GcRunningError extends ArcaError<{ pid: number; startedAt: string }> {
  static readonly code = 'GcRunning';
  constructor(pid: number, startedAt: string) {
    super(GcRunningError.code, `a garbage collection started at ${startedAt} (process ${pid}) is still running`, { pid, startedAt });
  }
}
