import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { InvalidArgumentError } from '@arca/store/pure';
import { UsageError } from '../UsageError.js';

/**
 * The text of a model card: from a file, or from stdin for `-` or no file. A
 * terminal on stdin is refused, so the command does not sit waiting for input
 * nobody knows it wants. Bytes that are not UTF-8 (a Latin-1 file) are refused
 * rather than stored as U+FFFD; a leading byte-order mark is dropped.
 */
export async function readCard(file: string | undefined, cwd: string, usage: string): Promise<string> {
  if (file !== undefined && file !== '-') {
    let bytes: Buffer;
    try {
      bytes = await readFile(resolve(cwd, file));
    } catch (err) {
      throw new InvalidArgumentError('card', `${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    return decodeCard(bytes, file);
  }
  if (process.stdin.isTTY) throw new UsageError('give the card as a file, or pipe it on stdin', usage);
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return decodeCard(Buffer.concat(chunks), 'stdin');
}

function decodeCard(bytes: Buffer, from: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new InvalidArgumentError('card', `${from}: not UTF-8 text (convert it first, e.g. iconv -f latin1 -t utf-8)`);
  }
}
