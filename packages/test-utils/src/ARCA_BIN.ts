import { fileURLToPath } from 'node:url';

/** The real `arca` executable of this checkout (built by `pnpm build`). */
export const ARCA_BIN = fileURLToPath(new URL('../../cli/bin/arca.js', import.meta.url));
