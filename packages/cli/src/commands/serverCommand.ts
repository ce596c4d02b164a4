import { resolve } from 'node:path';
import type { Command } from '../Command.js';
import { UsageError } from '../UsageError.js';

export const serverCommand: Command = {
  name: 'server',
  usage: 'arca server [--data DIR] [--host H] [--port N] [--webhook-allow CIDR,...] [--webhook-backoff MS] [--webhook-max-attempts N] [--take-over] [--no-local-reads] [--no-local-writes]',
  summary:
    'run the registry server on SQLite + local files (default DIR: $ARCA_DATA or ./arca-data); the first start writes the admin key to DIR/admin.key unless $ARCA_ADMIN_KEY sets it',
  options: {
    data: { type: 'string' },
    host: { type: 'string' },
    port: { type: 'string' },
    'webhook-allow': { type: 'string' },
    'webhook-backoff': { type: 'string' },
    'webhook-max-attempts': { type: 'string' },
    'take-over': { type: 'boolean' },
    // Behind a reverse proxy on the same host every client looks local; see decisions 022 and 024.
    'no-local-reads': { type: 'boolean' },
    'no-local-writes': { type: 'boolean' },
  },
  positionals: { min: 0, max: 0 },
  async run(ctx, { values }) {
    const dataDir = resolve(ctx.cwd, (values.data as string | undefined) ?? ctx.env.ARCA_DATA ?? 'arca-data');
    // Digits only: Number() reads "" (an unset $PORT) as 0, a random port, and " 1 ", "0x10" or "1e3" as ports too.
    const rawPort = (values.port as string | undefined) ?? '8420';
    const port = Number(rawPort);
    if (!/^\d{1,5}$/.test(rawPort) || port > 65535) throw new UsageError('--port must be 0-65535', this.usage);
    const positive = (flag: string): number | undefined => {
      const raw = values[flag] as string | undefined;
      if (raw === undefined) return undefined;
      if (!/^\d{1,9}$/.test(raw) || Number(raw) < 1) throw new UsageError(`--${flag} must be a positive integer`, this.usage);
      return Number(raw);
    };
    // Private, loopback and link-local webhook targets are refused unless listed here (or in ARCA_WEBHOOK_ALLOW).
    const allow = ((values['webhook-allow'] as string | undefined) ?? ctx.env.ARCA_WEBHOOK_ALLOW ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    const backoffMs = positive('webhook-backoff');
    const maxAttempts = positive('webhook-max-attempts');
    // Loaded here, not at the top: every other command starts ~0.2 s faster without express.
    const { startServer } = await import('@arca/server');
    const server = await startServer({
      dataDir,
      host: (values.host as string | undefined) ?? '127.0.0.1',
      port,
      webhooks: { allow, ...(backoffMs !== undefined ? { backoffMs } : {}), ...(maxAttempts !== undefined ? { maxAttempts } : {}) },
      ...(ctx.env.ARCA_ADMIN_KEY ? { adminKey: ctx.env.ARCA_ADMIN_KEY } : {}),
      notice: (m) => ctx.stderr.write(`arca server: ${m}\n`),
      takeOver: values['take-over'] === true,
      localReads: values['no-local-reads'] !== true,
      localWrites: values['no-local-writes'] !== true,
    });
    ctx.stdout.write(
      ctx.json ? JSON.stringify({ url: server.url, dataDir }) + '\n' : `arca server listening on ${server.url} (data: ${dataDir})\n`,
    );
    await new Promise<void>((done) => {
      process.once('SIGINT', done);
      process.once('SIGTERM', done);
    });
    await server.close();
    return { json: null, text: '' };
  },
};
