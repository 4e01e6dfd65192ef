import { open, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { GantryError } from '../../../shared/api/errors';

/** Directories this process holds, so a second open in the same process is refused too. */
const held = new Set<string>();

/**
 * Takes `<dir>/LOCK` (holding the pid) so that two engines never append to one journal. A
 * lock left by a process that is gone (killed, crashed) is taken over. Answers the release.
 */
export async function acquireLock(dir: string): Promise<() => Promise<void>> {
  const path = join(dir, 'LOCK');
  if (held.has(path)) throw inUse(dir, process.pid);
  for (let attempt = 0; ; attempt++) {
    try {
      const fh = await open(path, 'wx');
      try {
        await fh.writeFile(`${process.pid}\n`);
      } finally {
        await fh.close();
      }
      held.add(path);
      return async () => {
        held.delete(path);
        await unlink(path).catch(() => undefined);
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw err;
      const pid = Number.parseInt(await readFile(path, 'utf8').catch(() => ''), 10);
      // Our own pid here is a leftover of an earlier run (pids repeat, e.g. pid 1 in a container).
      if (Number.isInteger(pid) && pid !== process.pid && isAlive(pid)) throw inUse(dir, pid);
      await unlink(path).catch(() => undefined);
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function inUse(dir: string, pid: number): GantryError {
  return new GantryError(
    'conflict',
    `the queue journal in ${dir} is in use by process ${pid}; ` +
      'stop it or use another data directory',
  );
}
