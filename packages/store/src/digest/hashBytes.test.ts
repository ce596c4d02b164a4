import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { createHasher } from './createHasher.js';
import { hashBytes } from './hashBytes.js';
import { isDigest } from './isDigest.js';
import { pseudoRandomBytes } from '../testing/pseudoRandomBytes.js';

/** Input of the official BLAKE3 test vectors: bytes 0, 1, ..., 250, 0, 1, ... */
function vectorInput(length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = i % 251;
  return out;
}

// First 32 bytes of the "hash" outputs in BLAKE3-team/BLAKE3 test_vectors/test_vectors.json.
const OFFICIAL: ReadonlyArray<readonly [number, string]> = [
  [0, 'af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262'],
  [1, '2d3adedff11b61f14c886e35afa036736dcd87a74d27b5c1510225d0f592e213'],
  [1023, '10108970eeda3eb932baac1428c7a2163b0e924c9a9e25b35bba72b28f70bd11'],
  [1024, '42214739f095a406f3fc83deb889744ac00df831c10daa55189b5d121c855af7'],
  [1025, 'd00278ae47eb27b34faecf67b4fe263f82d5412916c1ffd97c8cb7fb814b8444'],
  [2048, 'e776b6028c7cd22a4d0ba182a8bf62205d2ef576467e838ed6f2529b85fba24a'],
  [2049, '5f4d72f40d7a5f82b15ca2b2e44b1de3c2ef86c426c95c1af0b6879522563030'],
  [3072, 'b98cb0ff3623be03326b373de6b9095218513e64f1ee2edd2525c7ad1e5cffd2'],
  [3073, '7124b49501012f81cc7f11ca069ec9226cecb8a2c850cfe644e327d22d3e1cd3'],
  [4096, '015094013f57a5277b59d8475c0501042c0b642e531b0a1c8f58d2163229e969'],
  [4097, '9b4052b38f1c5fc8b1f9ff7ac7b27cd242487b3d890d15c96a1c25b8aa0fb995'],
  [5120, '9cadc15fed8b5d854562b26a9536d9707cadeda9b143978f319ab34230535833'],
  [5121, '628bd2cb2004694adaab7bbd778a25df25c47b9d4155a55f8fbd79f2fe154cff'],
  [6144, '3e2e5b74e048f3add6d21faab3f83aa44d3b2278afb83b80b3c35164ebeca205'],
  [6145, 'f1323a8631446cc50536a9f705ee5cb619424d46887f3c376c695b70e0f0507f'],
  [7168, '61da957ec2499a95d6b8023e2b0e604ec7f6b50e80a9678b89d2628e99ada77a'],
  [7169, 'a003fc7a51754a9b3c7fae0367ab3d782dccf28855a03d435f8cfe74605e7817'],
  [8192, 'aae792484c8efe4f19e2ca7d371d8c467ffb10748d8a5a1ae579948f718a2a63'],
  [8193, 'bab6c09cb8ce8cf459261398d2e7aef35700bf488116ceb94a36d0f5f1b7bc3b'],
  [16384, 'f875d6646de28985646f34ee13be9a576fd515f76b5b0a26bb324735041ddde4'],
  [31744, '62b6960e1a44bcc1eb1a611a8d6235b6b4b78f32e7abc4fb4c6cdcce94895c47'],
  [102400, 'bc3e3d41a1146b069abffad3c0d44860cf664390afce4d9661f7902e7943e085'],
];

const EMPTY = 'b3:af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262';

function hashWith(backend: 'native' | 'wasm', bytes: Uint8Array, splits: readonly number[] = []): string {
  const h = createHasher(backend);
  let from = 0;
  for (const at of [...splits, bytes.length]) {
    h.update(bytes.subarray(from, at));
    from = at;
  }
  return h.digest();
}

describe('hashBytes', () => {
  it('gives the empty-input digest of BLAKE3', () => {
    expect(hashBytes(new Uint8Array(0))).toBe(EMPTY);
  });

  it.each(OFFICIAL)('matches the official BLAKE3 vector for %i bytes', (length, hex) => {
    expect(hashBytes(vectorInput(length))).toBe(`b3:${hex}`);
  });

  it.each(OFFICIAL)('the native and wasm backends both match the official vector for %i bytes', (length, hex) => {
    const input = vectorInput(length);
    expect(hashWith('native', input)).toBe(`b3:${hex}`);
    expect(hashWith('wasm', input)).toBe(`b3:${hex}`);
  });

  it('hashes only the bytes of a view, not the rest of its buffer', () => {
    const whole = vectorInput(3000);
    const view = whole.subarray(1000, 2025); // 1025 bytes holding 1000 % 251 ... onwards
    const copy = Uint8Array.from(view);
    expect(hashBytes(view)).toBe(hashBytes(copy));
    expect(hashWith('native', view)).toBe(hashWith('wasm', copy));
    // and a Buffer over a pooled slab
    const pooled = Buffer.from(vectorInput(1025));
    expect(pooled.byteOffset === 0 && pooled.buffer.byteLength === 1025).toBe(false);
    expect(hashBytes(pooled)).toBe('b3:d00278ae47eb27b34faecf67b4fe263f82d5412916c1ffd97c8cb7fb814b8444');
  });

  it('returns the b3:<64 lowercase hex> form', () => {
    expect(isDigest(hashBytes(new TextEncoder().encode('arca')))).toBe(true);
  });
});

describe('createHasher backends', () => {
  const sizes = [0, 1, 2, 63, 64, 65, 1023, 1024, 1025, 2047, 4096, 65535, 65536, 65537, 1_000_003, 3 * 1024 * 1024 + 7, 5 * 1024 * 1024];

  it.each(sizes)('native and wasm agree on %i pseudo-random bytes', (size) => {
    const data = pseudoRandomBytes(size, 0x9e3779b9 ^ size);
    const native = hashWith('native', data);
    expect(isDigest(native)).toBe(true);
    expect(hashWith('wasm', data)).toBe(native);
    expect(hashBytes(data)).toBe(native);
  });

  it('gives the same digest whatever the update boundaries', () => {
    const data = pseudoRandomBytes(3 * 1024 * 1024 + 333, 12345);
    const oneShot = hashWith('native', data);
    const splitSets = [
      [0, 0, 1],
      [1, 2, 3, 1023, 1025, 2048],
      [7, 1031, 65537, 65538, 1_048_583],
      [data.length - 1],
      [data.length, data.length],
      Array.from({ length: 50 }, (_, i) => (i * 63_001) % data.length).sort((a, b) => a - b),
    ];
    for (const splits of splitSets) {
      expect(hashWith('native', data, splits)).toBe(oneShot);
      expect(hashWith('wasm', data, splits)).toBe(oneShot);
    }
  });

  it('gives different digests for inputs that differ in one bit', () => {
    const a = pseudoRandomBytes(4096, 7);
    const b = Uint8Array.from(a);
    b[2048]! ^= 1;
    expect(hashWith('native', a)).not.toBe(hashWith('native', b));
    expect(hashWith('wasm', a)).not.toBe(hashWith('wasm', b));
  });
});

describe('isDigest', () => {
  it('accepts b3: and 64 lowercase hex digits', () => {
    expect(isDigest(EMPTY)).toBe(true);
    expect(isDigest('b3:' + '0'.repeat(64))).toBe(true);
  });

  it.each([
    ['no prefix', 'af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262'],
    ['uppercase hex', EMPTY.toUpperCase().replace('B3:', 'b3:')],
    ['uppercase prefix', 'B3:' + EMPTY.slice(3)],
    ['63 digits', EMPTY.slice(0, -1)],
    ['65 digits', EMPTY + '0'],
    ['non-hex digit', EMPTY.slice(0, -1) + 'g'],
    ['other algorithm', 'sha256:' + EMPTY.slice(3)],
    ['trailing newline', EMPTY + '\n'],
    ['leading space', ' ' + EMPTY],
    ['empty', ''],
  ])('refuses %s', (_what, value) => {
    expect(isDigest(value)).toBe(false);
  });

  it('refuses non-strings', () => {
    for (const v of [undefined, null, 42, {}, [EMPTY], Buffer.from(EMPTY)]) expect(isDigest(v)).toBe(false);
  });
});

describe('ARCA_BLAKE3', () => {
  // The backend is chosen once per process, so each setting gets a process of its own
  // (running the built module: Node 20 cannot import TypeScript).
  const backendUnder = (value: string): { status: number | null; out: string } => {
    const script = `import { hasherBackend } from ${JSON.stringify(new URL('../../dist/digest/createHasher.js', import.meta.url).href)};
      try { console.log(hasherBackend()); } catch (e) { console.log(e.code, JSON.stringify(e.data)); process.exitCode = 3; }`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, ARCA_BLAKE3: value }, encoding: 'utf8' });
    return { status: r.status, out: r.stdout.trim() || r.stderr.trim() };
  };

  it('forces a backend, and a value that names none is InvalidArgument instead of a silent default', () => {
    expect(backendUnder('wasm')).toEqual({ status: 0, out: 'wasm' });
    expect(backendUnder('native')).toEqual({ status: 0, out: 'native' });
    expect(backendUnder('bogus')).toEqual({ status: 3, out: 'InvalidArgument {"argument":"ARCA_BLAKE3","reason":"\\"native\\" or \\"wasm\\", not \\"bogus\\""}' });
  });
});
