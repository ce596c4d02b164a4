import { objectParts, type ObjectBytes } from './objectParts.js';

/** How many bytes an object has, whole or in parts. */
export function objectSize(bytes: ObjectBytes): number {
  let size = 0;
  for (const part of objectParts(bytes)) size += part.length;
  return size;
}
