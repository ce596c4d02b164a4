export { startControlPlane, type ControlPlane, type ControlPlaneOptions } from './startControlPlane.js';
export { useControlPlane } from './useControlPlane.js';
export { k8sBinaries, type K8sBinaries } from './k8sBinaries.js';
export { ControlPlaneError } from './ControlPlaneError.js';
export { kubeconfigYaml } from './kubeconfigYaml.js';
