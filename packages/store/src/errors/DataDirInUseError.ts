import { ArcaError } from './ArcaError.js';

/** Another server serves this data directory (one at a time: it alone sees its changes to stream them as events). */
export class DataDirInUseError extends ArcaError<{ dataDir: string; host: string; pid: number; startedAt: string }> {
  static readonly code = 'DataDirInUse';
  constructor(dataDir: string, host: string, pid: number, startedAt: string) {
    super(DataDirInUseError.code, `${dataDir} is served by process ${pid} on ${host} since ${startedAt}; stop it first (or, if it is gone for good, start with --take-over)`, {
      dataDir,
      host,
      pid,
      startedAt,
    });
  }
}
