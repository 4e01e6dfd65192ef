import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { useJournalDirs } from '../../queue/journal-fixtures';

const CHILD = fileURLToPath(new URL('../../queue/crash-child.ts', import.meta.url));

describe('JournalStore under SIGKILL', () => {
  const { dir, openStore } = useJournalDirs();

  it.each(['fsync', 'relaxed'])('%s: keeps every acknowledged change', async (mode) => {
    const data = dir();
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, data, mode], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const enqueued = new Set<string>();
    const completed = new Set<string>();
    const exited = new Promise<NodeJS.Signals | null>((resolve) => {
      child.on('exit', (_code, signal) => resolve(signal));
    });

    await new Promise<void>((resolve, reject) => {
      const stuck = () => reject(new Error('the child did not make progress in 30 s'));
      const timer = setTimeout(stuck, 30_000);
      createInterface({ input: child.stdout }).on('line', (line) => {
        const [what, id] = line.split(' ');
        if (what === 'enqueued' && id) enqueued.add(id);
        if (what === 'completed' && id) completed.add(id);
        if (enqueued.size >= 2_000 && completed.size >= 200 && !child.killed) {
          clearTimeout(timer);
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.on('exit', () => reject(new Error('the child exited before it was killed')));
    });
    expect(await exited).toBe('SIGKILL');

    const store = await openStore(data);
    const missing = [...enqueued].filter((id) => store.get(id) === undefined);
    expect(missing).toEqual([]);
    const notDone = [...completed].filter((id) => store.get(id)?.state !== 'succeeded');
    expect(notDone).toEqual([]);
    // Whatever the kill interrupted was never acknowledged: at most a torn tail, reported.
    expect(store.recovery.repaired).toBeUndefined();
  });
});
