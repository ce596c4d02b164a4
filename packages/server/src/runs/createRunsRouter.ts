import type { Store } from '@arca/store';
import { Router } from 'express';
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
  router.post('/runs/:entity/:project', jsonBody(runBodyLimits.init), postRun(store));
  router.get('/runs/:entity/:project', listProjectRuns(store));
  router.get(run, getRunDetail(store));
  router.post(`${run}/metrics`, jsonBody(runBodyLimits.metrics), postMetrics(store));
  router.get(`${run}/metrics`, getMetrics(store));
  router.patch(`${run}/summary`, jsonBody(runBodyLimits.finish), patchSummary(store));
  router.post(`${run}/inputs`, jsonBody(runBodyLimits.input), postInput(store));
  router.post(`${run}/finish`, jsonBody(runBodyLimits.finish), postFinish(store));
  return router;
}
