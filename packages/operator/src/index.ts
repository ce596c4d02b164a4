export { Operator, type OperatorOptions } from './Operator.js';
export { buildDeployment, MODEL_VOLUME, PULLER_NAME, type Pinned } from './buildDeployment.js';
export { validateSpec, type Target } from './validateSpec.js';
export { rolloutState, type RolloutState } from './rolloutState.js';
export { ReconcileError } from './ReconcileError.js';
export {
  DIGEST_ANNOTATION,
  FIELD_MANAGER,
  GROUP,
  KIND,
  MODEL_LABEL,
  PLURAL,
  VERSION,
  type Condition,
  type RegisteredModel,
  type RegisteredModelSpec,
  type RegisteredModelStatus,
} from './types.js';
