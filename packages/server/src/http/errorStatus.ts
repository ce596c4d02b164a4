/**
 * HTTP status of each error code of the API contract (docs/api.md). A code not
 * listed here is not part of the contract and is answered as 500 Internal.
 */
export const errorStatus: Readonly<Record<string, number>> = {
  InvalidJson: 400,
  InvalidArgument: 400,
  InvalidName: 400,
  InvalidPath: 400,
  AmbiguousRef: 400,
  Unauthenticated: 401,
  Forbidden: 403,
  LocalWritesRefused: 403,
  DigestMismatch: 400,
  NotFound: 404,
  TypeMismatch: 409,
  AliasConflict: 409,
  AlreadyExists: 409,
  InUse: 409,
  MissingObjects: 409,
  GcRunning: 409,
  StoreDamaged: 409,
  RunNotRunning: 409,
  PayloadTooLarge: 413,
  UnsupportedMediaType: 415,
  TargetRefused: 400,
  CorruptObject: 500,
};
