export { createApp, type AppOptions } from './createApp.js';
export { startServer, type ServerOptions, type RunningServer } from './startServer.js';
export { listRoutes, type RouteInfo } from './listRoutes.js';
export { API_PREFIX } from './API_PREFIX.js';
export { OBJECTS_MEDIA_TYPE } from './objects/OBJECTS_MEDIA_TYPE.js';
export { FRAME_HEADER_BYTES } from './objects/FRAME_HEADER_BYTES.js';
export { encodeFrameHeader } from './objects/encodeFrameHeader.js';
export { readFrames, type Frame } from './objects/readFrames.js';
export { objectLimits } from './objects/objectLimits.js';
