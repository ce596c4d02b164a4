import type { DeliveryInfo } from '@arca/store/pure';

/** One delivery as lines for people: its state, then one line per attempt. */
export function describeDelivery(d: DeliveryInfo): string {
  const head = `${d.id}  ${d.eventType}${d.eventId !== null ? ` #${d.eventId}` : ''}  ${d.status}  attempts ${d.attempts}${
    d.nextAttemptAt ? `  next ${d.nextAttemptAt.replace('T', ' ').slice(0, 19)}` : ''
  }`;
  const attempts = d.log.map(
    (a) => `    ${a.attempt}. ${a.at.replace('T', ' ').slice(0, 19)}  ${a.status ?? '---'}  ${a.durationMs} ms${a.error ? `  ${a.error}` : ''}`,
  );
  return [head, ...attempts].join('\n');
}
