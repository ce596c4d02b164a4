import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { InvalidArgumentError } from '@arca/store/pure';
import { UsageError } from '../UsageError.js';

/**
 * The text of a model card: from a file, or from stdin for `-` or no file. A
 * terminal on stdin is refused, so the command does not sit waiting for input
 * nobody knows it wants.
 */
export async function readCard(file: string | undefined, cwd: string, usage: string): Promise<string> {
  if (file !== undefined && file !== '-') {
    try {
      return await readFile(resolve(cwd, file), 'utf8');
    } catch (err) {
      throw new InvalidArgumentError('card', `${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  }
  if (process.stdin.isTTY) throw new UsageError('give the card as a file, or pipe it on stdin', usage);
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
