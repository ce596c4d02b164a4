// The k8s suites reach the harness through the built package, as the CLI suites reach test-utils.
export { useControlPlane, startControlPlane, k8sBinaries, type ControlPlane } from '../../packages/k8s-testing/dist/index.js';
export { freePort as freePortForTest } from '../../packages/k8s-testing/dist/freePort.js';
export { insecureGet as insecureGetForTest } from '../../packages/k8s-testing/dist/insecureGet.js';
