/** Media type of a stream of framed objects (see FRAME_HEADER_BYTES). */
export const OBJECTS_MEDIA_TYPE = 'application/vnd.arca.objects';
