// Regenerates packages/store/src/chunking/gearScanWasm.ts from gearScan.wat.
// Run after editing the .wat (needs the `wabt` devDependency); the chunking test
// vectors must still pass, and findCut must still equal findCutJs.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import wabtInit from 'wabt';

const dir = fileURLToPath(new URL('../packages/store/src/chunking/', import.meta.url));
const wabt = await wabtInit();
const module = wabt.parseWat('gearScan.wat', readFileSync(dir + 'gearScan.wat', 'utf8'));
const { buffer } = module.toBinary({});
writeFileSync(
  dir + 'gearScanWasm.ts',
  `// Generated from gearScan.wat by scripts/build-gear-wasm.mjs; do not edit by hand.\nexport const gearScanWasm = '${Buffer.from(buffer).toString('base64')}';\n`,
);
console.log(`gearScanWasm.ts: ${buffer.length} bytes of WASM`);
