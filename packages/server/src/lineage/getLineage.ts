import { InvalidArgumentError, lineage, parseRef, parseRunPath, type LineageDirection, type Store } from '@arca/store';
import type { RequestHandler } from 'express';
import { callerOf } from '../auth/callerOf.js';
import { requireRole } from '../auth/requireRole.js';
import { roleOf } from '../auth/roleOf.js';
import { queryInteger } from '../runs/queryInteger.js';
import { queryString } from '../runs/queryString.js';

/** `GET /lineage?ref=<ref>|run=<e/p/id>&depth=N&direction=up|down|both`: the lineage graph. */
export function getLineage(store: Store): RequestHandler {
  return (req, res) => {
    const q = req.query as Record<string, unknown>;
    const ref = queryString(q, 'ref');
    const run = queryString(q, 'run');
    if ((ref === undefined) === (run === undefined)) throw new InvalidArgumentError('ref', 'give exactly one of ref and run');
    const root = ref !== undefined ? { ref: parseRef(ref) } : { run: parseRunPath(run) };
    const opts = { depth: queryInteger(q, 'depth'), direction: queryString(q, 'direction') as LineageDirection | undefined };
    for (const k of Object.keys(q)) {
      if (!['ref', 'run', 'depth', 'direction'].includes(k)) throw new InvalidArgumentError(k, 'unknown query parameter');
    }
    const caller = callerOf(res);
    requireRole(store, caller, ref !== undefined ? parseRef(ref).entity : parseRunPath(run!).entity, 'viewer', 'read lineage');
    const graph = lineage(store, root, opts);
    // Runs and links stay within a team today; should a graph ever cross into a team the
    // caller cannot read, those nodes (and edges touching them) are left out.
    const entityOf = (id: string) => id.slice(id.indexOf(':') + 1).split('/')[0]!;
    const nodes = graph.nodes.filter((n) => roleOf(store, caller, entityOf(n.id)) !== undefined);
    const kept = new Set(nodes.map((n) => n.id));
    res.status(200).json({ ...graph, nodes, edges: graph.edges.filter((e) => kept.has(e.from) && kept.has(e.to)) });
  };
}
