import { randomBytes } from 'node:crypto';
import { InvalidArgumentError } from '../errors/InvalidArgumentError.js';
import { REGISTRY_PROJECT } from '../names/parseCollectionName.js';
import { validateName } from '../names/validateName.js';
import { canonicalJson } from '../objects/canonicalJson.js';
import type { Store } from '../Store.js';
import { describeRun } from './describeRun.js';
import { RunDb } from './RunDb.js';
import type { RunInfo } from './RunInfo.js';
import { runLimits } from './runLimits.js';

export interface CreateRunInput {
  entity: string;
  project: string;
  /** A display name; the id is the server's. */
  name?: string;
  jobType?: string;
  config?: Record<string, unknown>;
  actor: string;
}

const JOB_TYPE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const CONTROL = /[\x00-\x1f\x7f]/;
const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

function newRunId(): string {
  // 36^8 ≈ 2.8e12 ids; a collision is retried inside the transaction. The modulo
  // bias of 256 % 36 is irrelevant for an identifier that only has to be unique.
  return Array.from(randomBytes(8), (b) => ALPHABET[b % 36]).join('');
}

/** Starts a run (state `running`) under `entity/project` with a fresh server-assigned id. */
export function createRun(store: Store, input: CreateRunInput): RunInfo {
  validateName('entity', input.entity);
  validateName('project', input.project);
  if (input.project === REGISTRY_PROJECT) throw new InvalidArgumentError('project', `runs live in a project, not in ${REGISTRY_PROJECT}`);
  const name = input.name ?? null;
  if (name !== null && (typeof name !== 'string' || name.length === 0 || name.length > 128 || CONTROL.test(name))) {
    throw new InvalidArgumentError('name', '1 to 128 characters, no control characters');
  }
  const jobType = input.jobType ?? null;
  if (jobType !== null && (typeof jobType !== 'string' || !JOB_TYPE.test(jobType))) {
    throw new InvalidArgumentError('jobType', 'letters, digits, "_", "-" and ".", at most 64 characters');
  }
  const config = input.config ?? {};
  if (config === null || typeof config !== 'object' || Array.isArray(config)) throw new InvalidArgumentError('config', 'must be a JSON object');
  const configJson = canonicalJson(config, 'config');
  if (Buffer.byteLength(configJson) > runLimits.maxConfigBytes) {
    throw new InvalidArgumentError('config', `larger than ${runLimits.maxConfigBytes / 1024} KiB`);
  }
  const runs = RunDb.of(store.refs);
  return store.refs.transaction(() => {
    let id = newRunId();
    while (runs.runById(id)) id = newRunId();
    runs.insertRun({
      id,
      entity: input.entity,
      project: input.project,
      name,
      job_type: jobType,
      config: configJson,
      actor: input.actor,
      started_at: new Date().toISOString(),
    });
    return describeRun(store.refs, runs.runById(id)!);
  });
}
