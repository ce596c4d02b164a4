import type { RunState } from './RunRow.js';

export type LineageDirection = 'up' | 'down' | 'both';

export interface LineageVersionNode {
  /** `version:<entity/project/name>:v<N>` */
  id: string;
  kind: 'version';
  collection: string;
  collectionKind: 'artifact' | 'registry';
  type: string;
  version: string;
  digest: string;
  createdAt: string;
  /** Run hops from the root (registry links cost none: a link is the same version). */
  distance: number;
}

export interface LineageRunNode {
  /** `run:<entity/project/id>` */
  id: string;
  kind: 'run';
  path: string;
  name: string | null;
  jobType: string | null;
  state: RunState;
  startedAt: string;
  finishedAt: string | null;
  distance: number;
}

export type LineageNode = LineageVersionNode | LineageRunNode;

/**
 * Edges follow the data: `input` version → run that used it, `output` run → version
 * it logged, `link` artifact version → registry version linking it.
 */
export interface LineageEdge {
  from: string;
  to: string;
  kind: 'input' | 'output' | 'link';
}

export interface LineageGraph {
  root: string;
  direction: LineageDirection;
  depth: number;
  nodes: LineageNode[];
  edges: LineageEdge[];
  /** True when the node limit cut the graph short. */
  truncated: boolean;
}
