// Run as a child process by the crash test: enqueues, leases and completes in a loop and
// acknowledges each change on stdout only once its promise has resolved.
import { JournalStore } from '../../src/main/queue/journal-store';

const [dataDir, durability = 'fsync'] = process.argv.slice(2);
if (!dataDir || (durability !== 'fsync' && durability !== 'relaxed')) {
  throw new Error('usage: crash-child <dataDir> [fsync|relaxed]');
}
const store = await JournalStore.open({ dataDir, durability });
const defaults = { maxAttempts: 3, timeoutMs: 60_000 };
let n = 0;

async function producer(): Promise<never> {
  for (;;) {
    const [task] = await store.enqueue([{ payload: { n: n++ } }], defaults, Date.now());
    process.stdout.write(`enqueued ${task?.id}\n`);
  }
}

async function consumer(): Promise<never> {
  for (;;) {
    const leased = await store.lease('child', 600_000, Date.now());
    if (!leased) {
      await new Promise((resolve) => setImmediate(resolve));
      continue;
    }
    const done = await store.complete(leased.lease, { ok: true }, Date.now());
    if (typeof done !== 'string') process.stdout.write(`completed ${done.id}\n`);
  }
}

process.stdout.write('ready\n');
for (let i = 0; i < 12; i++) void producer();
for (let i = 0; i < 4; i++) void consumer();
