import { resolveVersion } from '../commands/resolveVersion.js';
import { InvalidArgumentError } from '../errors/InvalidArgumentError.js';
import { formatCollectionName } from '../names/formatCollectionName.js';
import type { Ref } from '../names/parseRef.js';
import type { VersionRow } from '../refdb/rows.js';
import type { Store } from '../Store.js';
import { findRun } from './findRun.js';
import { formatRunPath } from './formatRunPath.js';
import { lineageLimits } from './lineageLimits.js';
import type { LineageDirection, LineageEdge, LineageGraph, LineageNode } from './LineageGraph.js';
import type { RunPath } from './parseRunPath.js';
import { RunDb } from './RunDb.js';
import type { RunRow } from './RunRow.js';

type Dir = 'up' | 'down';
type Item = { key: string; kind: 'version'; row: VersionRow } | { key: string; kind: 'run'; row: RunRow };
interface Visit {
  item: Item;
  distance: number;
  dirs: readonly Dir[];
}

const versionKey = (row: VersionRow) => `v:${row.collection_id}:${row.number}`;
const runKey = (row: RunRow) => `r:${row.seq}`;

/**
 * The lineage of a version or a run: runs and versions upstream (what it was made
 * from) and downstream (what was made from it), as nodes and edges. `depth`
 * counts run hops; a registry version and the artifact version it links are one
 * version, so a registry version's lineage is its source's and the link costs no
 * hop. A node reached going up is expanded only upward (and down only downward),
 * so "both" gives ancestors and descendants, not siblings. Cycles are possible:
 * run A logs v0, run B uses v0 and logs v1, then A (still running) uses v1. So the
 * walk expands each node once per direction, and stops at `maxNodes`.
 */
export function lineage(
  store: Store,
  root: { ref: Ref } | { run: RunPath },
  opts: { depth?: number; direction?: LineageDirection; maxNodes?: number } = {},
): LineageGraph {
  const depth = opts.depth ?? lineageLimits.defaultDepth;
  if (!Number.isSafeInteger(depth) || depth < 0 || depth > lineageLimits.maxDepth) {
    throw new InvalidArgumentError('depth', `a whole number from 0 to ${lineageLimits.maxDepth}`);
  }
  const direction = opts.direction ?? 'both';
  if (!['up', 'down', 'both'].includes(direction)) throw new InvalidArgumentError('direction', 'one of up, down, both');
  const maxNodes = opts.maxNodes ?? lineageLimits.maxNodes;
  const refs = store.refs;
  const runs = RunDb.of(refs);

  // One read transaction: the graph is a consistent snapshot even while runs log.
  return refs.db.transaction((): LineageGraph => {
    const start: Item =
      'ref' in root
        ? (() => {
            const row = resolveVersion(refs, root.ref).version;
            return { key: versionKey(row), kind: 'version', row } as const;
          })()
        : (() => {
            const row = findRun(refs, root.run);
            return { key: runKey(row), kind: 'run', row } as const;
          })();

    const nodes = new Map<string, LineageNode>();
    const expanded = new Map<string, Set<Dir>>();
    const edges = new Map<string, LineageEdge>();
    let truncated = false;
    // 0-1 breadth-first: free link hops go to the front, so every node is first seen at its least distance.
    const queue: Visit[] = [{ item: start, distance: 0, dirs: direction === 'both' ? ['up', 'down'] : [direction] }];

    const nodeOf = (item: Item, distance: number): LineageNode => {
      if (item.kind === 'run') {
        const r = item.row;
        const path = formatRunPath(r);
        return { id: `run:${path}`, kind: 'run', path, name: r.name, jobType: r.job_type, state: r.state, startedAt: r.started_at, finishedAt: r.finished_at, distance };
      }
      const v = item.row;
      const c = refs.collectionById(v.collection_id);
      const collection = formatCollectionName(c);
      return {
        id: `version:${collection}:v${v.number}`,
        kind: 'version',
        collection,
        collectionKind: c.kind,
        type: c.type,
        version: `v${v.number}`,
        digest: v.digest,
        createdAt: v.created_at,
        distance,
      };
    };
    const admit = (item: Item, distance: number): boolean => {
      if (nodes.has(item.key)) return true;
      if (nodes.size >= maxNodes) {
        truncated = true;
        return false;
      }
      nodes.set(item.key, nodeOf(item, distance));
      return true;
    };
    const edge = (from: Item, to: Item, kind: LineageEdge['kind']) => {
      const e = { from: nodes.get(from.key)!.id, to: nodes.get(to.key)!.id, kind };
      edges.set(`${e.from}\n${e.to}\n${kind}`, e);
    };
    const versionItem = (row: VersionRow): Item => ({ key: versionKey(row), kind: 'version', row });
    const runItem = (seq: number): Item => {
      const row = runs.runBySeq(seq);
      return { key: runKey(row), kind: 'run', row };
    };

    admit(start, 0);
    while (queue.length > 0) {
      const { item, distance, dirs } = queue.shift()!;
      const done = expanded.get(item.key) ?? new Set<Dir>();
      const todo = dirs.filter((d) => !done.has(d));
      if (todo.length === 0) continue;
      todo.forEach((d) => done.add(d));
      expanded.set(item.key, done);
      const far = distance < depth;
      const visit = (next: Item, cost: 0 | 1, nextDirs: readonly Dir[], from: Item, to: Item, kind: LineageEdge['kind']) => {
        if (!admit(next, distance + cost)) return;
        edge(from, to, kind);
        const v = { item: next, distance: distance + cost, dirs: nextDirs };
        if (cost === 0) queue.unshift(v);
        else queue.push(v);
      };

      if (item.kind === 'version') {
        const v = item.row;
        if (v.source_collection_id !== null && v.source_number !== null) {
          const source = versionItem(refs.version(v.source_collection_id, v.source_number)!);
          visit(source, 0, todo, source, item, 'link');
        }
        for (const d of todo) {
          if (d === 'down') {
            if (v.source_collection_id === null) for (const link of runs.linksOf(v)) visit(versionItem(link), 0, ['down'], item, versionItem(link), 'link');
            if (far) for (const seq of runs.usersOf(v.collection_id, v.number)) visit(runItem(seq), 1, ['down'], item, runItem(seq), 'input');
          } else if (far) {
            for (const { run_seq } of runs.loggersOf(v.collection_id, v.number)) visit(runItem(run_seq), 1, ['up'], runItem(run_seq), item, 'output');
          }
        }
      } else if (far) {
        const seq = item.row.seq;
        for (const d of todo) {
          const rows = d === 'up' ? runs.inputsOf(seq) : runs.outputsOf(seq);
          for (const r of rows) {
            const row = refs.version(r.collection_id, r.number);
            // A deleted version is no longer part of the graph (the run still lists it, marked deleted).
            if (!row) continue;
            const v = versionItem(row);
            if (d === 'up') visit(v, 1, ['up'], v, item, 'input');
            else visit(v, 1, ['down'], item, v, 'output');
          }
        }
      }
    }
    return { root: nodes.get(start.key)!.id, direction, depth, nodes: [...nodes.values()], edges: [...edges.values()], truncated };
  })();
}
