import type { Store } from '@arca/store';
import { Router } from 'express';
import { callerOf } from '../auth/callerOf.js';
import { requireSiteAdmin } from '../auth/requireSiteAdmin.js';
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
    // Totals over every team's data: for site admins only.
    requireSiteAdmin(callerOf(res), 'read server stats', 'read');
    res.status(200).json(await storageStats(store.objects));
  });
  return router;
}
