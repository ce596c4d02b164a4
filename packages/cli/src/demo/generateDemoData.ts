import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodePng } from './encodePng.js';

/** The ten classes of the W&B tutorial's nature dataset. */
export const CLASSES = ['Amphibia', 'Animalia', 'Arachnida', 'Aves', 'Fungi', 'Insecta', 'Mammalia', 'Mollusca', 'Plantae', 'Reptilia'];

/** Deterministic PRNG (xorshift32), so every run makes the same bytes. */
function prng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s;
  };
}

/**
 * Writes `perClass` 64×64 PNGs into one folder per class, plus `index.csv`
 * (image_path,label) as the tutorial's dataset has. Returns the file count.
 */
export function generateImageDataset(dir: string, perClass: number): number {
  const rand = prng(42);
  const rows = ['image_path,label'];
  const size = 64;
  for (const [ci, label] of CLASSES.entries()) {
    mkdirSync(join(dir, label), { recursive: true });
    for (let i = 0; i < perClass; i++) {
      // A class-tinted gradient with noise: distinct, compressible, image-like.
      const rgb = new Uint8Array(size * size * 3);
      for (let p = 0; p < size * size; p++) {
        const x = p % size;
        const y = (p / size) | 0;
        const n = rand() & 31;
        rgb[p * 3] = (ci * 25 + x * 2 + n) & 255;
        rgb[p * 3 + 1] = (y * 3 + i + n) & 255;
        rgb[p * 3 + 2] = (255 - ci * 20 - x + n) & 255;
      }
      const name = `${label}/${label.toLowerCase()}_${String(i).padStart(3, '0')}.png`;
      writeFileSync(join(dir, name), encodePng(size, size, rgb));
      rows.push(`${name},${label}`);
    }
  }
  writeFileSync(join(dir, 'index.csv'), rows.join('\n') + '\n');
  return CLASSES.length * perClass + 1;
}

/**
 * A model weights file of `size` bytes whose last `headBytes` (the classifier
 * head) depend on `epoch`, as when fine-tuning with a frozen backbone.
 */
export function writeCheckpoint(path: string, size: number, headBytes: number, epoch: number): void {
  const buf = Buffer.alloc(size);
  const backbone = prng(7);
  for (let i = 0; i + 4 <= size - headBytes; i += 4) buf.writeUInt32LE(backbone(), i);
  const head = prng(1000 + epoch);
  for (let i = size - headBytes; i + 4 <= size; i += 4) buf.writeUInt32LE(head(), i);
  writeFileSync(path, buf);
}
