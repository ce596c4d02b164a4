import { ArcaClient } from '@arca/client';
import type { Command } from '../Command.js';
import { storeKey } from '../config/storeKey.js';
import { UsageError } from '../UsageError.js';
import { readSecret } from './readSecret.js';

export const loginCommand: Command = {
  name: 'login',
  usage: 'arca login [--key K]   (without --key, the key is read from stdin, arca login < DATA/admin.key, or typed at a prompt)',
  summary: 'check an API key against the server ($ARCA_URL) and store it for that server (file mode 0600)',
  options: { key: { type: 'string' } },
  positionals: { min: 0, max: 0 },
  async run(ctx, { values }) {
    // stdin is the safer way: a key given as --key shows in `ps` and in the shell's history.
    const url = ctx.url();
    const key = ((values.key as string | undefined) ?? (await readSecret(ctx.stdin, `API key for ${url} (not shown): `, ctx.stderr))).trim();
    if (key === '') throw new UsageError('no API key given (pass --key, pipe it into stdin, or type it at the prompt)', this.usage);
    // Checked before it is stored, so a typo does not replace a working key.
    const me = await new ArcaClient({ url, apiKey: key, ...(ctx.env.ARCA_CACHE_DIR ? { cacheDir: ctx.env.ARCA_CACHE_DIR } : {}) }).access.whoami();
    const file = storeKey(ctx.env, url, key);
    const note = ctx.env.ARCA_API_KEY ? '\nnote: ARCA_API_KEY is set and overrides the stored key' : '';
    return {
      json: { url, user: me.user, key: me.key, configFile: file },
      text: `logged in to ${url} as ${me.user.name} (key ${me.key.id}${me.key.readOnly ? ', read-only' : ''}); key stored in ${file}${note}`,
    };
  },
};
