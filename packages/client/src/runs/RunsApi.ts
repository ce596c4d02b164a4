import {
  parseCollectionName,
  parseRef,
  parseRunPath,
  type LineageDirection,
  type LineageGraph,
  type MetricRow,
  type MetricSeries,
  type RunDetail,
  type RunInfo,
  type VersionInfo,
} from '@arca/store/pure';
import type { HttpClient } from '../http/HttpClient.js';
import { pathSegment } from '../http/pathSegment.js';
import { checkSummaryValues } from './checkSummaryValues.js';

function runUrl(path: string): string {
  const r = parseRunPath(path);
  return `/runs/${pathSegment(r.entity)}/${pathSegment(r.project)}/${r.id}`;
}

export interface InitRunOptions {
  entity: string;
  project: string;
  name?: string;
  jobType?: string;
  config?: Record<string, unknown>;
}

export interface LineageOptions {
  /** Run hops from the root; default 3, at most 50. */
  depth?: number;
  direction?: LineageDirection;
}

/**
 * The run and lineage routes, one method each. Names are checked here with the
 * store's validators before a request is made. Only appending metrics is
 * retried on a network failure: the rows carry their steps, so a resend
 * replaces rather than duplicates.
 */
export class RunsApi {
  constructor(private readonly http: HttpClient) {}

  async create(opts: InitRunOptions): Promise<RunInfo> {
    parseCollectionName(`${opts.entity}/${opts.project}/x`);
    const { entity, project, ...body } = opts;
    return (await this.http.json<{ run: RunInfo }>('POST', `/runs/${pathSegment(entity)}/${pathSegment(project)}`, { json: body })).run;
  }

  async get(path: string): Promise<RunDetail> {
    return (await this.http.json<{ run: RunDetail }>('GET', runUrl(path))).run;
  }

  async list(entity: string, project: string, opts: { limit?: number; before?: string } = {}): Promise<{ runs: RunInfo[]; next: string | null }> {
    parseCollectionName(`${entity}/${project}/x`);
    const q = new URLSearchParams();
    if (opts.limit !== undefined) q.set('limit', String(opts.limit));
    if (opts.before !== undefined) q.set('before', opts.before);
    const qs = q.size > 0 ? `?${q}` : '';
    return this.http.json('GET', `/runs/${pathSegment(entity)}/${pathSegment(project)}${qs}`);
  }

  async appendMetrics(path: string, rows: readonly MetricRow[]): Promise<{ appended: number; firstStep: number; lastStep: number }> {
    return this.http.json('POST', `${runUrl(path)}/metrics`, { json: { rows }, idempotent: rows.every((r) => r.step !== undefined) });
  }

  async readMetrics(path: string, query: { keys?: string[]; minStep?: number; maxStep?: number; limit?: number } = {}): Promise<MetricSeries[]> {
    const q = new URLSearchParams();
    if (query.keys !== undefined) q.set('keys', query.keys.join(','));
    for (const k of ['minStep', 'maxStep', 'limit'] as const) if (query[k] !== undefined) q.set(k, String(query[k]));
    const qs = q.size > 0 ? `?${q}` : '';
    return (await this.http.json<{ metrics: MetricSeries[] }>('GET', `${runUrl(path)}/metrics${qs}`)).metrics;
  }

  async setSummary(path: string, summary: Record<string, unknown>): Promise<RunInfo> {
    checkSummaryValues(summary);
    return (await this.http.json<{ run: RunInfo }>('PATCH', `${runUrl(path)}/summary`, { json: { summary } })).run;
  }

  async recordInput(path: string, ref: string): Promise<{ created: boolean; version: VersionInfo }> {
    parseRef(ref);
    return this.http.json('POST', `${runUrl(path)}/inputs`, { json: { ref } });
  }

  async finish(path: string, opts: { state?: string; summary?: Record<string, unknown> } = {}): Promise<RunInfo> {
    if (opts.summary !== undefined) checkSummaryValues(opts.summary);
    return (await this.http.json<{ run: RunInfo }>('POST', `${runUrl(path)}/finish`, { json: opts })).run;
  }

  async lineage(root: { ref: string } | { run: string }, opts: LineageOptions = {}): Promise<LineageGraph> {
    const q = new URLSearchParams();
    if ('ref' in root) {
      parseRef(root.ref);
      q.set('ref', root.ref);
    } else {
      parseRunPath(root.run);
      q.set('run', root.run);
    }
    if (opts.depth !== undefined) q.set('depth', String(opts.depth));
    if (opts.direction !== undefined) q.set('direction', opts.direction);
    return this.http.json('GET', `/lineage?${q}`);
  }
}
