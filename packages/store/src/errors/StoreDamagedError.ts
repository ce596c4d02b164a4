import { ArcaError } from './ArcaError.js';

/**
 * Garbage collection found objects that refs need but that cannot be read, so
 * it cannot tell what they keep alive; it removes nothing until fsck's report
 * has been dealt with.
 */
export class StoreDamagedError extends ArcaError<{ unreadable: string[] }> {
  static readonly code = 'StoreDamaged';
  constructor(unreadable: string[]) {
    super(StoreDamagedError.code, `${unreadable.length} needed object(s) cannot be read (first ${unreadable[0]}); run fsck`, {
      unreadable: unreadable.slice(0, 100),
    });
  }
}
