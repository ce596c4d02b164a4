/** Bounds of a lineage walk: run hops from the root, and nodes in the answer. */
export const lineageLimits = { defaultDepth: 3, maxDepth: 50, maxNodes: 2_000 } as const;
