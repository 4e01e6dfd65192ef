import type { Rng } from '../../../shared/random';

/** Worker selection of the dispatcher (the `selection` setting). */
export type SelectionName = 'least-connections' | 'round-robin' | 'p2c';

/** A worker's share of busy slots, 0 (idle) to 1 (full). */
export type LoadOf<C> = (candidate: C) => number;

/**
 * The candidate with the lowest load; the first such one on a tie. With 4-slot workers
 * running 3, 1 and 1 tasks (loads 0.75, 0.25, 0.25), the second one gets the task.
 */
export function leastConnections<C>(candidates: readonly C[], load: LoadOf<C>): C | undefined {
  let best: C | undefined;
  let bestLoad = Infinity;
  for (const candidate of candidates) {
    const value = load(candidate);
    if (value < bestLoad) {
      best = candidate;
      bestLoad = value;
    }
  }
  return best;
}

/**
 * The candidate at `cursor` (modulo the count), and the cursor for next time. Fair while
 * workers join and leave, since the cursor only moves forward.
 */
export function roundRobin<C>(
  candidates: readonly C[],
  cursor: number,
): { chosen?: C; cursor: number } {
  if (candidates.length === 0) return { cursor };
  const index = cursor % candidates.length;
  return { chosen: candidates[index], cursor: index + 1 };
}

/**
 * Power of two choices: two distinct random candidates, the less loaded one wins (the first
 * on a tie). Nearly as even as least-connections without herding onto one worker.
 */
export function powerOfTwo<C>(candidates: readonly C[], rng: Rng, load: LoadOf<C>): C | undefined {
  const n = candidates.length;
  if (n <= 1) return candidates[0];
  const i = Math.floor(rng() * n);
  const j = (i + 1 + Math.floor(rng() * (n - 1))) % n;
  const a = candidates[i];
  const b = candidates[j];
  if (a === undefined || b === undefined) return a ?? b;
  return load(b) < load(a) ? b : a;
}

/** A selector for one strategy, holding the round-robin cursor. */
export function createSelector<C>(name: SelectionName, rng: Rng, load: LoadOf<C>) {
  let cursor = 0;
  return (candidates: readonly C[]): C | undefined => {
    if (name === 'round-robin') {
      const pick = roundRobin(candidates, cursor);
      cursor = pick.cursor;
      return pick.chosen;
    }
    if (name === 'p2c') return powerOfTwo(candidates, rng, load);
    return leastConnections(candidates, load);
  };
}
