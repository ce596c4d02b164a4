import type { Store } from '@arca/store';
import { Router } from 'express';
import { serverVersion } from './serverVersion.js';
import { storageStats } from './storageStats.js';

/** Liveness and what is stored. */
export function createHealthRouter(store: Store): Router {
  const router = Router();
  const version = serverVersion();
  router.get('/health', (_req, res) => {
    res.status(200).json({ ok: true, version });
  });
  router.get('/stats', async (_req, res) => {
    res.status(200).json(await storageStats(store.objects));
  });
  return router;
}
