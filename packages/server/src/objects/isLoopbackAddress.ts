import { isIP } from 'node:net';

/** A peer address of this machine's loopback interface: 127.0.0.0/8 or ::1, plain or IPv4-mapped. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (address === undefined) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  if (isIP(v4) === 4) return v4.startsWith('127.');
  return address === '::1';
}
