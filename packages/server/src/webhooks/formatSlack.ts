import type { ArcaEvent } from '@arca/store';

/** Slack mrkdwn treats these three as control characters. */
function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A readable line for a Slack incoming webhook: `{"text": "..."}`. */
export function formatSlack(e: ArcaEvent): string {
  const where = `*${esc(e.collection)}*`;
  const by = ` by ${esc(e.actor)}${e.reason ? ` (${esc(e.reason)})` : ''}`;
  const name = `\`${esc(e.name)}\``;
  let text: string;
  switch (e.type) {
    case 'version.logged':
      text = `New version ${e.name} logged in ${where}${by}`;
      break;
    case 'version.linked':
      text = `${e.source ? `${esc(e.source.collection)}:${e.source.version}` : 'A version'} linked into ${where} as ${e.name}${by}`;
      break;
    case 'version.unlinked':
    case 'version.deleted':
      text = `Version ${e.name} ${e.type === 'version.unlinked' ? 'unlinked from' : 'deleted from'} ${where}${by}`;
      break;
    case 'alias.added':
      text = `Alias ${name} of ${where} set to ${e.new?.version}${by}`;
      break;
    case 'alias.moved':
      text = `Alias ${name} of ${where} moved ${e.old?.version} → ${e.new?.version}${by}`;
      break;
    case 'alias.removed':
      text = `Alias ${name} removed from ${where} (was ${e.old?.version})${by}`;
      break;
    case 'tag.added':
    case 'tag.removed':
      text = `Tag ${name} ${e.type === 'tag.added' ? 'added to' : 'removed from'} ${where}${by}`;
      break;
    case 'model.created':
      text = `Registered model ${where} created${by}`;
      break;
    case 'model.edited':
      text = `${e.ref === 'card' ? 'Model card' : e.ref === 'metadata' ? 'Metadata' : 'Protected aliases'} of ${where} edited${by}`;
      break;
    case 'collection.deleted':
      text = `${where} deleted${by}`;
      break;
    case 'webhook.test':
      text = `Test event from Arca for ${esc(e.entity)}: this webhook works${by}`;
      break;
    default:
      text = `${esc(e.ref)} of ${where} changed${by}`;
  }
  return JSON.stringify({ text });
}
