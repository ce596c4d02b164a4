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
