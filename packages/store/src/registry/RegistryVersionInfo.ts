import type { VersionInfo } from '../commands/VersionInfo.js';

/** A version of a registered model: the link, its source (`source`), the run that produced it (`producer`) and that run's metrics. */
export interface RegistryVersionInfo extends VersionInfo {
  /**
   * The numeric values of the producing run's summary (last value of each metric,
   * user overrides on top), or null when the source version was logged outside a run.
   */
  metrics: Record<string, number> | null;
}
