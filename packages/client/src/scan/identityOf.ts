import type { BigIntStats } from 'node:fs';
import type { FileIdentity } from './LocalFile.js';

export function identityOf(st: BigIntStats): FileIdentity {
  return {
    dev: st.dev.toString(),
    ino: st.ino.toString(),
    size: Number(st.size),
    mtimeNs: st.mtimeNs.toString(),
    ctimeNs: st.ctimeNs.toString(),
  };
}
