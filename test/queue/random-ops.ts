import type { QueueStore } from '../../src/main/queue/store';
import type { TaskSpec } from '../../src/shared/tasks';
import { DEFAULTS, T0 } from './store-fixtures';

/** A small seeded PRNG (mulberry32), so a run can be repeated exactly on another store. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * Runs `steps` random operations (every kind the store has) from `seed`, choosing targets by
 * creation index so two stores given the same seed do the same things. Ends with no task
 * running, so a reopen must show exactly the same state. Answers the final `now`.
 */
export async function randomOps(store: QueueStore, seed: number, steps: number): Promise<number> {
  const rand = seeded(seed);
  const pick = <T>(items: T[]): T | undefined => items[Math.floor(rand() * items.length)];
  const ids: string[] = [];
  const held: string[] = [];
  let now = T0;
  let n = 0;
  for (let step = 0; step < steps; step++) {
    now += Math.floor(rand() * 50);
    const r = rand();
    if (r < 0.3) {
      const specs: TaskSpec[] = [];
      for (let k = 1 + Math.floor(rand() * 3); k > 0; k--) {
        const spec: TaskSpec = {
          payload: { n: n++, text: 'é✓' },
          maxAttempts: 1 + Math.floor(rand() * 3),
        };
        if (rand() < 0.2) spec.runAt = now + Math.floor(rand() * 500);
        if (rand() < 0.2) spec.idempotencyKey = `key-${Math.floor(rand() * 20)}`;
        specs.push(spec);
      }
      for (const t of await store.enqueue(specs, DEFAULTS, now)) {
        if (!ids.includes(t.id)) ids.push(t.id);
      }
    } else if (r < 0.5) {
      const worker = `w${Math.floor(rand() * 3)}`;
      const leased = await store.lease(worker, 200 + Math.floor(rand() * 400), now);
      if (leased) held.push(leased.lease);
    } else if (r < 0.75 && held.length) {
      const lease = held.splice(Math.floor(rand() * held.length), 1)[0] as string;
      const how = rand();
      if (how < 0.5) await store.complete(lease, { at: now }, now);
      else if (how < 0.85) {
        const error = { kind: 'http_5xx', message: 'boom', status: 503 };
        const outcome = { error, retryable: rand() < 0.8, retryDelayMs: Math.floor(rand() * 300) };
        await store.fail(lease, outcome, now);
      } else await store.release(lease, now);
    } else if (r < 0.82) {
      await store.cancel(pick(ids) ?? '', now);
    } else if (r < 0.9) {
      await store.retry(pick(ids) ?? '', now);
    } else if (r < 0.98) {
      await store.expireLeases(now);
    } else if (rand() < 0.3) {
      await store.purge(now);
    }
  }
  for (const lease of held) await store.complete(lease, 'end', now);
  await store.expireLeases(now + 1e6);
  return now;
}
