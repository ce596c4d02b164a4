import type { Command } from '../Command.js';
import { UsageError } from '../UsageError.js';

function seconds(value: unknown, flag: string, usage: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${flag} must be a positive number of seconds`, usage);
  return n * 1000;
}

export const operatorCommand: Command = {
  name: 'operator',
  usage:
    'arca operator [--kubeconfig F] [--namespace NS] [--puller-image IMG] [--resync SECONDS] [--lease-name N] [--lease-namespace NS] [--lease-duration SECONDS] [--no-leader-election] [--id NAME] [--max-backoff SECONDS]',
  summary: 'run the Kubernetes operator: roll out what each RegisteredModel alias points at, pinned by digest',
  options: {
    kubeconfig: { type: 'string' },
    namespace: { type: 'string' },
    'puller-image': { type: 'string' },
    resync: { type: 'string' },
    'lease-name': { type: 'string' },
    'lease-namespace': { type: 'string' },
    'lease-duration': { type: 'string' },
    'no-leader-election': { type: 'boolean' },
    id: { type: 'string' },
    'max-backoff': { type: 'string' },
  },
  positionals: { min: 0, max: 0 },
  async run(ctx, { values }) {
    const usage = this.usage;
    const resyncMs = seconds(values.resync, '--resync', usage, 30);
    const leaseDurationMs = seconds(values['lease-duration'], '--lease-duration', usage, 15);
    const maxBackoffMs = seconds(values['max-backoff'], '--max-backoff', usage, 60);
    const pullerImage = (values['puller-image'] as string | undefined) ?? ctx.env.ARCA_PULLER_IMAGE;
    if (!pullerImage) throw new UsageError('--puller-image (or ARCA_PULLER_IMAGE) is required: the arca image the init containers run', usage);
    // Loaded here, not at the top: the other commands need no Kubernetes client.
    const [{ KubeConfig }, { Operator }] = await Promise.all([import('@kubernetes/client-node'), import('@arca/operator')]);
    const kc = new KubeConfig();
    const file = (values.kubeconfig as string | undefined) ?? ctx.env.KUBECONFIG;
    // Without a file: in-cluster (the pod's ServiceAccount), else ~/.kube/config.
    if (file) kc.loadFromFile(file);
    else kc.loadFromDefault();
    const log = (msg: string, fields: Record<string, unknown>) =>
      ctx.stdout.write(ctx.json ? JSON.stringify({ time: new Date().toISOString(), msg, ...fields }) + '\n' : `${new Date().toISOString()} ${msg} ${JSON.stringify(fields)}\n`);
    const operator = new Operator({
      kubeConfig: kc,
      pullerImage,
      resyncMs,
      maxBackoffMs,
      log,
      ...(values.namespace !== undefined ? { namespace: values.namespace as string } : {}),
      ...(values.id !== undefined ? { identity: values.id as string } : {}),
      leaderElection: values['no-leader-election']
        ? false
        : {
            name: (values['lease-name'] as string | undefined) ?? 'arca-operator',
            namespace: (values['lease-namespace'] as string | undefined) ?? ctx.env.POD_NAMESPACE ?? 'default',
            leaseDurationMs,
          },
    });
    await operator.start();
    log('started', { identity: operator.identity, pullerImage, resyncSeconds: resyncMs / 1000 });
    await new Promise<void>((done) => {
      process.once('SIGINT', done);
      process.once('SIGTERM', done);
    });
    await operator.stop();
    return { json: null, text: '' };
  },
};
