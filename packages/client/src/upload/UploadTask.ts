import type { ObjectSource } from './ObjectSource.js';

/** One upload request: a large object by PUT, or small ones framed into one batch. */
export type UploadTask = { kind: 'put'; src: ObjectSource; bytes: number } | { kind: 'batch'; srcs: ObjectSource[]; bytes: number };
