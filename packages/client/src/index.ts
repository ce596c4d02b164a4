export { ArcaClient } from './ArcaClient.js';
export { AccessClient } from './access/AccessClient.js';
export type { KeyInfo, TeamInfo, UserInfo, WhoAmI } from './access/accessTypes.js';
export { diffTrees } from './diffTrees.js';
export type { EventsOptions } from './events/EventsOptions.js';
export { SseParser, type SseFrame } from './events/SseParser.js';
export { Run, type RunBufferOptions, type RunHost } from './runs/Run.js';
export { RunsApi, type InitRunOptions, type LineageOptions } from './runs/RunsApi.js';
export { Draft, type DraftLogOptions } from './draft/Draft.js';
export { selectPaths } from './download/selectPaths.js';
export { defaultDownloadDir } from './download/defaultDownloadDir.js';
export { resolveReference, type ReferenceSpec } from './reference/resolveReference.js';
export type { SkippedReference } from './reference/fetchReferences.js';
export { OfflineStore, type OfflineStoreOptions, type OfflineVersionInfo, type OfflineLogResult } from './offline/OfflineStore.js';
export type { SyncOptions, SyncResult, SyncedVersion } from './offline/syncOffline.js';
export { RegistryClient } from './registry/RegistryClient.js';
export { encodeFrames } from './frames/encodeFrames.js';
export { FrameDecoder, type Frame } from './frames/FrameDecoder.js';
export type {
  ArcaClientOptions,
  DownloadOptions,
  DownloadResult,
  LinkResult,
  LogArtifactOptions,
  LogArtifactResult,
  ProgressCallback,
  ProgressEvent,
  TreeDiff,
  MetadataDiff,
  VersionDiff,
  UsedArtifact,
} from './types.js';
// The errors the SDK throws and the shapes it returns, so a program that depends on
// @arca/client alone can branch on them (`instanceof NotFoundError`) and name them:
// @arca/store is the client's own dependency, not importable from the caller's code.
export {
  ArcaError,
  AliasConflictError,
  AlreadyExistsError,
  AmbiguousRefError,
  CorruptObjectError,
  DestinationConflictError,
  DigestMismatchError,
  ForbiddenError,
  InterruptedError,
  InUseError,
  InvalidArgumentError,
  InvalidNameError,
  InvalidPathError,
  MissingObjectsError,
  NotFoundError,
  ReferenceMismatchError,
  ReferenceUnavailableError,
  RunNotRunningError,
  TypeMismatchError,
  UnauthenticatedError,
  errorFromJson,
} from '@arca/store/pure';
export type {
  ArcaEvent,
  CollectionSummary,
  DeleteVersionResult,
  DeliveryInfo,
  DestinationConflict,
  EventType,
  FileEntry,
  GcReport,
  LineageDirection,
  LineageGraph,
  MetricRow,
  MetricSeries,
  ModelFilter,
  Pointer,
  ReferenceEntry,
  RefLogEntry,
  RegisteredModelInfo,
  RegistryVersionInfo,
  RetentionInfo,
  RunDetail,
  RunInfo,
  RunState,
  TreeEntry,
  TreeObject,
  UpdatedModel,
  VersionInfo,
  WebhookFormat,
  WebhookInfo,
} from '@arca/store/pure';
