// Medians and spreads of repeated runs, as the report prints them.
export function summarize(xs) {
  const sorted = xs.filter(Number.isFinite).sort((a, b) => a - b);
  if (!sorted.length) return { median: NaN, min: NaN, max: NaN, runs: xs };
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], runs: xs };
}

export function maxOf(xs) {
  const finite = xs.filter(Number.isFinite);
  return finite.length ? Math.max(...finite) : NaN;
}

/** A row of a workload table from per-run samples of { seconds, clientRss, serverRss, ... }. */
export function row(tool, samples, { bytes, files, limit = false, storedBytes, note } = {}) {
  const seconds = summarize(samples.map((s) => s.seconds));
  return {
    tool,
    limit,
    seconds,
    mbPerSecond: bytes ? bytes / 1e6 / seconds.median : undefined,
    filesPerSecond: files ? files / seconds.median : undefined,
    clientRss: maxOf(samples.map((s) => s.clientRss ?? NaN)),
    serverRss: maxOf(samples.map((s) => s.serverRss ?? NaN)),
    storedBytes: storedBytes ?? summarize(samples.map((s) => s.storedBytes ?? NaN)).median,
    processSeconds: samples.some((s) => s.processSeconds) ? summarize(samples.map((s) => s.processSeconds)).median : undefined,
    note,
  };
}
