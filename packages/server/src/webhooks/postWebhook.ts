import { randomBytes } from 'node:crypto';
import { EVENT_TYPES, InvalidArgumentError, type Store } from '@arca/store';
import type { RequestHandler } from 'express';
import { actorOf } from '../http/actorOf.js';
import { BodyFields } from '../http/BodyFields.js';
import { checkWebhookParams } from './checkWebhookParams.js';
import type { WebhookDispatcher } from './WebhookDispatcher.js';
import type { WebhookFormat } from '@arca/store';
import { webhookLimits } from './webhookLimits.js';

const KNOWN = new Set<string>(EVENT_TYPES);
const DEFAULT_TYPES = ['version.logged', 'version.linked', 'alias.added', 'alias.moved', 'alias.removed', 'tag.added'];

/**
 * `POST /webhooks/{entity}`: registers a webhook. The URL's host must resolve
 * now to addresses webhooks may reach (checked again at each delivery). The
 * secret is answered this once and never shown again.
 */
export function postWebhook(store: Store, dispatcher: WebhookDispatcher): RequestHandler {
  return async (req, res) => {
    const { entity } = checkWebhookParams(req);
    const body = new BodyFields(req.body);
    const rawUrl = body.string('url');
    const types = body.optionalStringArray('types', webhookLimits.maxTypes) ?? DEFAULT_TYPES;
    const pattern = body.optionalString('pattern', webhookLimits.maxPatternBytes) ?? null;
    const givenSecret = body.optionalString('secret', webhookLimits.maxSecretBytes);
    const format = (body.optionalString('format') ?? 'json') as WebhookFormat;
    body.done();

    if (Buffer.byteLength(rawUrl) > webhookLimits.maxUrlBytes) throw new InvalidArgumentError('url', `longer than ${webhookLimits.maxUrlBytes} bytes`);
    let url: URL;
    try {
      url = new URL(rawUrl);
    } catch {
      throw new InvalidArgumentError('url', 'not an absolute URL');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InvalidArgumentError('url', 'must be http or https');
    // Credentials in the URL would be shown to everyone who lists the team's webhooks.
    if (url.username || url.password) throw new InvalidArgumentError('url', 'must not carry a user name or password');
    if (types.length === 0) throw new InvalidArgumentError('types', 'at least one event type');
    for (const t of types) if (!KNOWN.has(t)) throw new InvalidArgumentError('types', `unknown event type ${JSON.stringify(t)}; known: ${EVENT_TYPES.join(', ')}`);
    if (pattern !== null && !/^[\w.*?-]{1,128}$/.test(pattern)) {
      throw new InvalidArgumentError('pattern', 'letters, digits, "_", "-", "." and the wildcards "*" and "?"');
    }
    if (format !== 'json' && format !== 'slack') throw new InvalidArgumentError('format', 'must be "json" or "slack"');
    if (givenSecret !== undefined && Buffer.byteLength(givenSecret) < webhookLimits.minSecretBytes) {
      throw new InvalidArgumentError('secret', `at least ${webhookLimits.minSecretBytes} bytes`);
    }
    await dispatcher.policy.check(url);

    const secret = givenSecret ?? `whsec_${randomBytes(32).toString('hex')}`;
    const tables = dispatcher.tables;
    const row = store.refs.transaction(() => {
      if (tables.webhooks(entity).length >= webhookLimits.maxWebhooks) {
        throw new InvalidArgumentError('webhooks', `${entity} already has ${webhookLimits.maxWebhooks} webhooks`);
      }
      const head = store.refs.lastRefLogSeq();
      // While no webhook existed, fan-out did not run: skip the events it left behind,
      // which no webhook created from now on could match.
      if (!tables.anyWebhook()) tables.setOutboxCursor(Math.max(tables.outboxCursor(head), head));
      const r = {
        id: `wh_${randomBytes(12).toString('hex')}`,
        entity,
        url: url.href,
        types: JSON.stringify([...new Set(types)]),
        pattern,
        secret,
        format,
        // Only what happens from now on: the webhook does not replay the team's history.
        after_seq: head,
        created_by: actorOf(res),
        created_at: new Date().toISOString(),
      };
      tables.insertWebhook(r);
      return r;
    });
    res.status(201).json({ webhook: tables.info(row), secret });
  };
}
