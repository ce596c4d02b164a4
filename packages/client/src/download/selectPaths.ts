import { InvalidArgumentError, NotFoundError, validateArtifactPath, type TreeObject } from '@arca/store/pure';

/**
 * The entries of a tree at or below the given path prefixes (partial pull). A
 * prefix matches whole path segments: `models` selects `models/a.onnx` and a file
 * named `models`, never `models-old/x`. A prefix that selects nothing is refused
 * (NotFound, kind `path`) rather than quietly pulling less than was asked for.
 */
export function selectPaths(tree: TreeObject, prefixes: readonly string[]): TreeObject {
  const wanted = checkPathPrefixes(prefixes);
  const matches = (path: string, prefix: string): boolean => path === prefix || path.startsWith(prefix + '/');
  for (const prefix of wanted) {
    if (!tree.entries.some((e) => matches(e.path, prefix))) throw new NotFoundError('path', prefix);
  }
  return { format: tree.format, entries: tree.entries.filter((e) => wanted.some((prefix) => matches(e.path, prefix))) };
}

/**
 * The prefixes of a partial pull, checked (InvalidArgument, InvalidPath) and
 * without trailing slashes. `download` calls it before resolving the ref, so a
 * bad prefix fails before any request.
 */
export function checkPathPrefixes(prefixes: readonly string[]): string[] {
  if (!Array.isArray(prefixes) || prefixes.length === 0) throw new InvalidArgumentError('paths', 'a non-empty list of path prefixes');
  return prefixes.map((p) => {
    if (typeof p !== 'string') throw new InvalidArgumentError('paths', 'each prefix is a string');
    const trimmed = p.replace(/\/+$/, '');
    validateArtifactPath(trimmed);
    return trimmed;
  });
}
