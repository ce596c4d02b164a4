import type { CoreV1Api } from '@kubernetes/client-node';
import { GROUP, KIND, VERSION, type RegisteredModel } from './types.js';

/**
 * Writes core/v1 Events about a RegisteredModel, as `kubectl describe` shows
 * them. An Event that cannot be written is logged and dropped: it must never
 * fail a reconcile.
 */
export class EventRecorder {
  constructor(
    private readonly core: CoreV1Api,
    private readonly instance: string,
    private readonly log: (msg: string, fields: Record<string, unknown>) => void,
  ) {}

  async emit(rm: RegisteredModel, type: 'Normal' | 'Warning', reason: string, message: string): Promise<void> {
    const now = new Date();
    const namespace = rm.metadata!.namespace!;
    try {
      await this.core.createNamespacedEvent({
        namespace,
        body: {
          metadata: { generateName: `${rm.metadata!.name}.`, namespace },
          involvedObject: { apiVersion: `${GROUP}/${VERSION}`, kind: KIND, name: rm.metadata!.name!, namespace, uid: rm.metadata!.uid!, resourceVersion: rm.metadata!.resourceVersion! },
          type,
          reason,
          message: message.slice(0, 1024),
          source: { component: 'arca-operator' },
          reportingComponent: 'arca.dev/operator',
          reportingInstance: this.instance,
          firstTimestamp: now,
          lastTimestamp: now,
          count: 1,
        },
      });
    } catch (err) {
      this.log('event not written', { reason, error: (err as Error).message });
    }
  }
}
