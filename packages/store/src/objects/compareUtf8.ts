/** Orders strings by their UTF-8 bytes, which is the order every platform agrees on. */
export function compareUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
