import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { ComponentProcess } from './ComponentProcess.js';
import { ControlPlaneError } from './ControlPlaneError.js';
import { freePort } from './freePort.js';
import { insecureGet } from './insecureGet.js';
import { k8sBinaries, type K8sBinaries } from './k8sBinaries.js';
import { kubeconfigYaml } from './kubeconfigYaml.js';

export interface ControlPlaneOptions {
  /** Extra token users (name -> groups) besides the admin in system:masters; their kubeconfigs are written too. */
  users?: Record<string, string[]>;
  /** Keep the temp dir (logs, kubeconfigs) after stop; also ARCA_K8S_KEEP=1. */
  keep?: boolean;
}

export interface ControlPlane {
  /** The temp dir holding etcd's data, certificates, logs and kubeconfigs. */
  dir: string;
  /** `https://127.0.0.1:<port>` */
  server: string;
  versions: Record<string, string>;
  /** The kwok node pods are scheduled on. */
  nodeName: string;
  /** Admin (system:masters) kubeconfig file and a loaded KubeConfig of it. */
  kubeconfigPath: string;
  kubeConfig: KubeConfig;
  /** Kubeconfig file of each extra user. */
  userKubeconfigs: Record<string, string>;
  /** Creates a namespace and waits for its default ServiceAccount (pods need it). */
  createNamespace(name: string): Promise<void>;
  /** The tail of every component's log, for failure messages. */
  logs(lines?: number): string;
  stop(): Promise<void>;
}

const NODE_NAME = 'kwok-node-0';

async function waitFor(what: string, timeoutMs: number, components: ComponentProcess[], check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const dead = components.find((c) => !c.running);
    if (dead) throw new ControlPlaneError('StartFailed', `${dead.name} exited while waiting for ${what}`, { component: dead.name });
    try {
      if (await check()) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new ControlPlaneError('StartFailed', `${what} not ready after ${timeoutMs / 1000}s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * Starts a real Kubernetes control plane on loopback ports in a temp dir:
 * etcd, kube-apiserver (static token auth, RBAC, anonymous off), the
 * controller manager, the scheduler and kwok with one fake node that pods are
 * scheduled on and become Ready. Any failure stops what was started and
 * throws with the components' log tails. About 10-20 s on the 2-core VM.
 */
export async function startControlPlane(opts: ControlPlaneOptions = {}): Promise<ControlPlane> {
  const bins: K8sBinaries = k8sBinaries();
  const dir = mkdtempSync(join(tmpdir(), 'arca-k8s-'));
  const keep = opts.keep ?? process.env.ARCA_K8S_KEEP === '1';
  const components: ComponentProcess[] = [];
  const start = (name: string, bin: string, args: string[]): ComponentProcess => {
    const c = new ComponentProcess(name, bin, args, join(dir, `${name}.log`));
    components.push(c);
    return c;
  };
  const logs = (lines = 25): string => components.map((c) => `--- ${c.name} (${c.logPath})\n${c.tail(lines)}`).join('\n');
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    // Newest first, so the apiserver stops while etcd still answers.
    for (const c of [...components].reverse()) await c.stop();
    if (!keep) rmSync(dir, { recursive: true, force: true });
  };

  try {
    const [etcdClient, etcdPeer, apiPort, schedPort, kcmPort] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort()]);
    const etcdUrl = `http://127.0.0.1:${etcdClient}`;
    const etcd = start('etcd', bins.etcd, [
      '--name', 'arca-test', '--data-dir', join(dir, 'etcd'),
      '--listen-client-urls', etcdUrl, '--advertise-client-urls', etcdUrl,
      '--listen-peer-urls', `http://127.0.0.1:${etcdPeer}`, '--initial-advertise-peer-urls', `http://127.0.0.1:${etcdPeer}`,
      '--initial-cluster', `arca-test=http://127.0.0.1:${etcdPeer}`,
      '--log-level', 'warn',
      // Tests write little; the default 64 MiB preallocated WAL and frequent fsyncs only cost time.
      '--unsafe-no-fsync',
    ]);
    await waitFor('etcd /health', 30_000, [etcd], async () => (await insecureGet(`${etcdUrl}/health`)).body.includes('"health":"true"'));

    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    writeFileSync(join(dir, 'sa.key'), privateKey.export({ type: 'pkcs1', format: 'pem' }));
    writeFileSync(join(dir, 'sa.pub'), publicKey.export({ type: 'spki', format: 'pem' }));
    const adminToken = randomBytes(24).toString('hex');
    const users = Object.entries(opts.users ?? {}).map(([name, groups]) => ({ name, groups, token: randomBytes(24).toString('hex') }));
    writeFileSync(
      join(dir, 'tokens.csv'),
      [`${adminToken},arca-admin,arca-admin,system:masters`, ...users.map((u) => `${u.token},${u.name},${u.name},"${u.groups.join(',')}"`)].join('\n') + '\n',
      { mode: 0o600 },
    );
    const server = `https://127.0.0.1:${apiPort}`;
    const apiserver = start('kube-apiserver', bins.apiserver, [
      '--etcd-servers', etcdUrl,
      '--bind-address', '127.0.0.1', '--advertise-address', '127.0.0.1', '--secure-port', String(apiPort),
      '--cert-dir', join(dir, 'certs'),
      '--token-auth-file', join(dir, 'tokens.csv'),
      '--anonymous-auth=false',
      '--authorization-mode', 'RBAC',
      '--service-account-issuer', 'https://kubernetes.default.svc.cluster.local',
      '--service-account-key-file', join(dir, 'sa.pub'), '--service-account-signing-key-file', join(dir, 'sa.key'),
      '--service-cluster-ip-range', '10.96.0.0/16',
    ]);
    await waitFor('kube-apiserver /readyz', 120_000, [etcd, apiserver], async () => (await insecureGet(`${server}/readyz`, adminToken)).body === 'ok');

    const kubeconfigPath = join(dir, 'kubeconfig');
    writeFileSync(kubeconfigPath, kubeconfigYaml(server, 'arca-admin', adminToken), { mode: 0o600 });
    const userKubeconfigs: Record<string, string> = {};
    for (const u of users) {
      userKubeconfigs[u.name] = join(dir, `kubeconfig-${u.name}`);
      writeFileSync(userKubeconfigs[u.name]!, kubeconfigYaml(server, u.name, u.token), { mode: 0o600 });
    }
    const auth = ['--kubeconfig', kubeconfigPath, '--authentication-kubeconfig', kubeconfigPath, '--authorization-kubeconfig', kubeconfigPath, '--bind-address', '127.0.0.1', '--leader-elect=false'];
    const scheduler = start('kube-scheduler', bins.scheduler, [...auth, '--secure-port', String(schedPort)]);
    const kcm = start('kube-controller-manager', bins.controllerManager, [
      ...auth, '--secure-port', String(kcmPort),
      '--service-account-private-key-file', join(dir, 'sa.key'), '--use-service-account-credentials=false',
      '--cert-dir', join(dir, 'kcm-certs'),
      // Only what Deployments, owner-reference deletion and namespaces need (the node
      // lifecycle controller lifts the not-ready taint the apiserver puts on a new node).
      '--controllers', 'deployment-controller,node-lifecycle-controller,replicaset-controller,garbage-collector-controller,namespace-controller,serviceaccount-controller,serviceaccount-token-controller',
    ]);
    const kwok = start('kwok', bins.kwok, [
      '--config', bins.kwokStages, '--kubeconfig', kubeconfigPath,
      '--manage-nodes-with-annotation-selector', 'kwok.x-k8s.io/node=fake',
      '--cidr', '10.244.0.1/24', '--node-ip', '127.0.0.1',
    ]);

    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromFile(kubeconfigPath);
    const core = kubeConfig.makeApiClient(CoreV1Api);
    await core.createNode({
      body: {
        metadata: { name: NODE_NAME, annotations: { 'kwok.x-k8s.io/node': 'fake' }, labels: { type: 'kwok', 'kubernetes.io/hostname': NODE_NAME } },
        // No taint: pods of any Deployment land here without tolerations.
        spec: {},
        status: { allocatable: { cpu: '32', memory: '256Gi', pods: '110' }, capacity: { cpu: '32', memory: '256Gi', pods: '110' } },
      },
    });
    const all = [etcd, apiserver, scheduler, kcm, kwok];
    await waitFor(`node ${NODE_NAME} Ready (kwok)`, 60_000, all, async () => {
      const n = await core.readNode({ name: NODE_NAME });
      return n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
    });
    await waitFor('kube-scheduler /healthz', 60_000, all, async () => (await insecureGet(`https://127.0.0.1:${schedPort}/healthz`)).body === 'ok');
    await waitFor('kube-controller-manager /healthz', 60_000, all, async () => (await insecureGet(`https://127.0.0.1:${kcmPort}/healthz`)).body === 'ok');

    const createNamespace = async (name: string): Promise<void> => {
      await core.createNamespace({ body: { metadata: { name } } });
      await waitFor(`ServiceAccount ${name}/default`, 60_000, all, async () => {
        await core.readNamespacedServiceAccount({ name: 'default', namespace: name });
        return true;
      });
    };
    await waitFor('ServiceAccount default/default', 60_000, all, async () => {
      await core.readNamespacedServiceAccount({ name: 'default', namespace: 'default' });
      return true;
    });

    return { dir, server, versions: bins.versions, nodeName: NODE_NAME, kubeconfigPath, kubeConfig, userKubeconfigs, createNamespace, logs, stop };
  } catch (err) {
    const detail = logs();
    await stop();
    if (err instanceof ControlPlaneError) {
      throw new ControlPlaneError(err.code, `${err.message}\n${detail}`, { ...err.data, logs: detail });
    }
    throw new ControlPlaneError('StartFailed', `control plane failed to start: ${(err as Error).message}\n${detail}`, { logs: detail });
  }
}
