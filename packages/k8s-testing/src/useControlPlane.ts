import { afterAll, beforeAll } from 'vitest';
import { startControlPlane, type ControlPlane, type ControlPlaneOptions } from './startControlPlane.js';

/**
 * One control plane for a whole test file, shared by its tests: started in
 * beforeAll, stopped in afterAll (pass or fail). The returned getter throws if
 * called before beforeAll ran. Startup costs 10-20 s, so a file starts one.
 */
export function useControlPlane(opts: ControlPlaneOptions = {}): () => ControlPlane {
  let cp: ControlPlane | undefined;
  beforeAll(async () => {
    cp = await startControlPlane(opts);
  }, 180_000);
  afterAll(async () => {
    await cp?.stop();
  }, 60_000);
  return () => {
    if (!cp) throw new Error('control plane not started (useControlPlane must be called at the top of a describe or file)');
    return cp;
  };
}
