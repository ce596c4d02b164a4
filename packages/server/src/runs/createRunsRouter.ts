import type { Store } from '@arca/store';
import { Router } from 'express';
import { guardEntity } from '../auth/guardEntity.js';
import { jsonBody } from '../http/jsonBody.js';
import { getMetrics } from './getMetrics.js';
import { getRunDetail } from './getRunDetail.js';
import { listProjectRuns } from './listProjectRuns.js';
import { patchSummary } from './patchSummary.js';
import { postFinish } from './postFinish.js';
import { postInput } from './postInput.js';
import { postMetrics } from './postMetrics.js';
import { postRun } from './postRun.js';
import { runBodyLimits } from './runBodyLimits.js';

/** Runs: start, metrics, summary, inputs, finish. Outputs are recorded by a version commit naming the run. */
export function createRunsRouter(store: Store): Router {
  const router = Router();
  const run = '/runs/:entity/:project/:id';
  // Viewers of the team read runs; members start, log to and finish them.
  const read = guardEntity(store, 'viewer', 'read runs');
  const write = guardEntity(store, 'member', 'write runs');
  router.post('/runs/:entity/:project', write, jsonBody(runBodyLimits.init), postRun(store));
  router.get('/runs/:entity/:project', read, listProjectRuns(store));
  router.get(run, read, getRunDetail(store));
  router.post(`${run}/metrics`, write, jsonBody(runBodyLimits.metrics), postMetrics(store));
  router.get(`${run}/metrics`, read, getMetrics(store));
  router.patch(`${run}/summary`, write, jsonBody(runBodyLimits.finish), patchSummary(store));
  router.post(`${run}/inputs`, write, jsonBody(runBodyLimits.input), postInput(store));
  router.post(`${run}/finish`, write, jsonBody(runBodyLimits.finish), postFinish(store));
  return router;
}
