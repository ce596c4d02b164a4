// The hand-written part of docs/benchmarks.md: what the profiles of the committed run
// say about each workload, and what would bring Arca closer. Keep it in step with
// bench/results/peers.json when the figures change.
export const NOTES = {};
