import { TypeMismatchError, type VersionInfo } from '@arca/store/pure';

/** W&B's `use_artifact(ref, type=...)`: a version of another type than asked is TypeMismatch. */
export function checkUsedType(version: VersionInfo, type: string | undefined): void {
  if (type !== undefined && version.type !== type) throw new TypeMismatchError(version.collection, version.type, type);
}
