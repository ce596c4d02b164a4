import { ArcaError } from './ArcaError.js';

/** Something that still points at a version: a registry link to it, or a protected alias on it. */
export type Pointer =
  | { kind: 'link'; registry: string; version: string; target: string }
  | { kind: 'alias'; collection: string; alias: string; target: string };

/** Refuses to delete a version or collection while a protected alias or a registry link points at it. */
export class InUseError extends ArcaError<{ name: string; pointers: Pointer[] }> {
  static readonly code = 'InUse';
  constructor(name: string, pointers: Pointer[]) {
    const first = pointers[0]!;
    const what = first.kind === 'link' ? `registry link ${first.registry}:${first.version}` : `protected alias ${first.collection}:${first.alias}`;
    const more = pointers.length > 1 ? ` (and ${pointers.length - 1} more)` : '';
    super(InUseError.code, `${name} is still in use: ${what} points at ${first.target}${more}`, { name, pointers });
  }
}
