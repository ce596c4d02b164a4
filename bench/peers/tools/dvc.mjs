// DVC as a peer: a git repository with `dvc add` + `dvc push` to a local remote, and
// `dvc pull` into a fresh `git clone`. DVC has no server; its store is the remote folder.
import { cpSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fresh } from '../../lib.mjs';
import { diskBytes, timedExternal } from '../proc.mjs';
import { venvBin } from '../venv.mjs';

const ENV = {
  DVC_NO_ANALYTICS: '1',
  GIT_AUTHOR_NAME: 'bench',
  GIT_AUTHOR_EMAIL: 'bench@localhost',
  GIT_COMMITTER_NAME: 'bench',
  GIT_COMMITTER_EMAIL: 'bench@localhost',
};

export async function dvcSession(work) {
  const repo = fresh(join(work, 'dvc-repo'));
  const remote = fresh(join(work, 'dvc-remote'));
  const run = (cmd, args, cwd = repo) => timedExternal(cmd, args, { cwd, env: ENV });
  const dvc = (args, cwd) => run(venvBin('dvc'), args, cwd);
  await run('git', ['init', '-q']);
  await dvc(['init', '-q']);
  await dvc(['remote', 'add', '-d', 'local', remote]);
  await run('git', ['add', '-A']);
  await run('git', ['commit', '-q', '-m', 'dvc init']);

  // What a user types to version one path: `dvc add` then `dvc push`, timed together.
  const addPush = async (name) => {
    const add = await dvc(['add', '-q', name]);
    const push = await dvc(['push', '-q']);
    await run('git', ['add', '-A']);
    await run('git', ['commit', '-q', '--allow-empty', '-m', `add ${name}`]);
    return { seconds: add.seconds + push.seconds, addSeconds: add.seconds, pushSeconds: push.seconds, clientRss: Math.max(add.rss, push.rss) };
  };
  // DVC versions files inside its repository: the data is copied in first (untimed).
  const bringIn = (path) => {
    const name = basename(path);
    rmSync(join(repo, name), { recursive: true, force: true });
    cpSync(path, join(repo, name), { recursive: true });
    return name;
  };
  const log = async (path) => ({ ...(await addPush(bringIn(path))), handle: basename(path) });

  return {
    tool: 'dvc',
    logFile: log,
    logDir: log,
    /** Again, as a user would after touching nothing: `dvc add` + `dvc push` of the same path. */
    relog: (handle) => addPush(handle),
    /** `git clone` (untimed) then `dvc pull` into the fresh clone: a new machine. */
    async pull(_handle, dst) {
      await run('git', ['clone', '-q', repo, dst], work);
      const r = await dvc(['pull', '-q'], dst);
      return { seconds: r.seconds, clientRss: r.rss };
    },
    async logCheckpoints(files, workFile) {
      const perSave = [];
      let clientRss = 0;
      const name = basename(workFile);
      for (const f of files) {
        cpSync(f, join(repo, name));
        const r = await addPush(name);
        perSave.push(r.seconds);
        clientRss = Math.max(clientRss, r.clientRss);
      }
      return { seconds: perSave.reduce((a, b) => a + b, 0), perSave, clientRss };
    },
    storedNow: () => diskBytes(remote),
    async stop() {
      return { serverRss: NaN, storedBytes: diskBytes(remote), clientCacheBytes: diskBytes(join(repo, '.dvc', 'cache')) };
    },
  };
}
