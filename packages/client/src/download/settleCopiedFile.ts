import type { ServerStoreCopy } from './copyFromServerStore.js';
import { FileAssembly } from './FileAssembly.js';

/**
 * Ends the copy of `job.assemblies[slot]` whose bytes hashed to `digest` (null:
 * a read or write failed). A file that checks out is moved into place; one
 * that does not is reopened, which re-hashes every chunk written and keeps the
 * good ones, and the rest go to the network. Returns the bytes this copy added
 * to a file that checked out.
 */
export async function settleCopiedFile(job: ServerStoreCopy, slot: number, digest: string | null): Promise<number> {
  const asm = job.assemblies[slot]!;
  if (digest === asm.entry.digest) {
    asm.markWritten();
    await asm.finish(false);
    await job.publish(asm);
    return asm.entry.size - asm.bytesResumed;
  }
  await asm.close();
  const reopened = new FileAssembly(asm.entry, asm.dest, asm.temp);
  await reopened.open();
  job.assemblies[slot] = reopened;
  // What the re-check kept beyond an earlier partial was read here, and is verified now.
  return reopened.bytesResumed - asm.bytesResumed;
}
