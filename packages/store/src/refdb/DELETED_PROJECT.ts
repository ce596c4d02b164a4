/**
 * The project a deleted collection's row moves to (registry/deleteCollection.ts).
 * Not a valid project name, so it can never clash with a live collection.
 */
export const DELETED_PROJECT = '~deleted';
