import { createRequire } from 'node:module';
import { InvalidArgumentError } from '../errors/InvalidArgumentError.js';
import type { Hasher } from './Hasher.js';

const require = createRequire(import.meta.url);

type Backend = { name: 'native' | 'wasm'; create: () => Hasher };

function nativeBackend(): Backend {
  const { Blake3Hasher } = require('@napi-rs/blake-hash') as typeof import('@napi-rs/blake-hash');
  return {
    name: 'native',
    create() {
      const h = new Blake3Hasher();
      return {
        update: (bytes) => void h.update(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)),
        digest: () => 'b3:' + h.digest('hex'),
      };
    },
  };
}

function wasmBackend(): Backend {
  const { createHash } = require('blake3-wasm') as typeof import('blake3-wasm');
  return {
    name: 'wasm',
    create() {
      const h = createHash();
      return {
        update: (bytes) => void h.update(bytes),
        digest: () => 'b3:' + h.digest('hex'),
      };
    },
  };
}

function loadBackend(name: string | undefined): Backend {
  // A typo must not silently pick a backend: the variable exists to force one.
  if (name !== undefined && name !== '' && name !== 'native' && name !== 'wasm') {
    throw new InvalidArgumentError('ARCA_BLAKE3', `"native" or "wasm", not ${JSON.stringify(name)}`);
  }
  if (name === 'wasm') return wasmBackend();
  try {
    return nativeBackend();
  } catch (err) {
    // The native addon is a platform build; where it is missing the WASM build
    // gives identical digests at a tenth of the speed.
    if (name === 'native') throw err;
    return wasmBackend();
  }
}

let backend: Backend | undefined;

/** Name of the BLAKE3 implementation in use ("native" or "wasm"). ARCA_BLAKE3 forces one. */
export function hasherBackend(): 'native' | 'wasm' {
  backend ??= loadBackend(process.env.ARCA_BLAKE3);
  return backend.name;
}

/** A new incremental BLAKE3 hasher producing `b3:<64 hex>`. */
export function createHasher(which?: 'native' | 'wasm'): Hasher {
  if (which) return (which === 'native' ? nativeBackend() : wasmBackend()).create();
  backend ??= loadBackend(process.env.ARCA_BLAKE3);
  return backend.create();
}
