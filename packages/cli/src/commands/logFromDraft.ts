import { InvalidArgumentError, parseCollectionName } from '@arca/store/pure';
import type { ArcaClient, LogArtifactResult, ProgressCallback, ReferenceSpec } from '@arca/client';
import { parseAddSpec } from './parseAddSpec.js';

export interface DraftArgs {
  collection: string;
  from: string;
  type: string | undefined;
  adds: string[];
  removes: string[];
  references: ReferenceSpec[];
  aliases: string[];
  /** Only the keys given on the command line; merged over the base version's metadata. */
  metadata: Record<string, unknown> | undefined;
  description: string | undefined;
  reason: string | undefined;
  ttlSeconds?: number | null;
  /** The producing run, `entity/project/id`. */
  run?: string;
  cwd: string;
  onProgress: ProgressCallback | undefined;
}

/** `arca log <collection> --from <ref> [--add SRC[=DEST]]... [--remove DEST]...`: the next version as a draft of `ref`. */
export async function logFromDraft(client: ArcaClient, a: DraftArgs): Promise<LogArtifactResult> {
  const target = parseCollectionName(a.collection);
  const draft = await client.newDraft(a.from);
  const into = `${draft.collection.entity}/${draft.collection.project}/${draft.collection.name}`;
  if (`${target.entity}/${target.project}/${target.name}` !== into) {
    throw new InvalidArgumentError('from', `${a.from} is a version of ${into}; a draft of it logs into ${into}, not ${a.collection}`);
  }
  if (a.type !== undefined && a.type !== draft.base.type) {
    throw new InvalidArgumentError('type', `${into} holds ${draft.base.type}, not ${a.type} (a draft keeps its base's type)`);
  }
  // Removes first, so `--remove x --add y=x` replaces x whatever was under it.
  for (const r of a.removes) draft.remove(r);
  for (const spec of a.adds) {
    const { source, dest } = parseAddSpec(spec, a.cwd);
    draft.add(source, dest);
  }
  for (const r of a.references) draft.addReference(r);
  return draft.log({
    aliases: a.aliases,
    ...(a.metadata !== undefined ? { metadata: { ...draft.base.metadata, ...a.metadata } } : {}),
    ...(a.description !== undefined ? { description: a.description } : {}),
    ...(a.reason !== undefined ? { reason: a.reason } : {}),
    ...(a.ttlSeconds !== undefined ? { ttlSeconds: a.ttlSeconds } : {}),
    ...(a.run !== undefined ? { run: a.run } : {}),
    ...(a.onProgress ? { onProgress: a.onProgress } : {}),
  });
}
