/**
 * Why a control plane could not be had. `BinariesMissing` names the script
 * that builds them; `StartFailed` carries the tail of every component's log.
 */
export class ControlPlaneError extends Error {
  constructor(
    readonly code: 'BinariesMissing' | 'StartFailed',
    message: string,
    readonly data: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ControlPlaneError';
  }
}
