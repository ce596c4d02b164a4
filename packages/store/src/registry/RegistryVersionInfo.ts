import type { VersionInfo } from '../commands/VersionInfo.js';

/** A version of a registered model: the link, its source, and what produced it. */
export interface RegistryVersionInfo extends VersionInfo {
  /** The run that logged the source version, from its version object; null when unknown. */
  producer: string | null;
  /**
   * The producing run's summary metrics. Always null until runs are recorded by
   * the server; then it is filled from the run named by `producer`.
   */
  metrics: Record<string, number> | null;
}
