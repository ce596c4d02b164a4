/** Kinds of structured object. Chunks (file bytes) are stored raw, with no header. */
export type ObjectType = 'tree' | 'version' | 'link';

export const objectTypes: readonly ObjectType[] = ['tree', 'version', 'link'];
