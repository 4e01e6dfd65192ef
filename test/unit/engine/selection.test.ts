import { describe, expect, it } from 'vitest';
import {
  createSelector,
  leastConnections,
  powerOfTwo,
  roundRobin,
} from '../../../src/main/engine/dispatch/selection';
import { mulberry32 } from '../../../src/shared/random';

interface W {
  id: string;
  inflight: number;
  concurrency: number;
}
const load = (w: W) => w.inflight / w.concurrency;
const w = (id: string, inflight: number, concurrency = 4): W => ({ id, inflight, concurrency });

describe('leastConnections', () => {
  it('picks the lowest share of busy slots, the first on a tie', () => {
    expect(leastConnections([w('a', 3), w('b', 1), w('c', 1)], load)?.id).toBe('b');
  });

  it('compares load relative to slots, not raw counts', () => {
    expect(leastConnections([w('a', 2, 4), w('b', 3, 32)], load)?.id).toBe('b');
  });

  it('answers undefined for no candidates', () => {
    expect(leastConnections([], load)).toBeUndefined();
  });
});

describe('roundRobin', () => {
  it('cycles through candidates in order', () => {
    const list = [w('a', 0), w('b', 0), w('c', 0)];
    let cursor = 0;
    const picks: string[] = [];
    for (let i = 0; i < 5; i++) {
      const pick = roundRobin(list, cursor);
      cursor = pick.cursor;
      picks.push(pick.chosen?.id ?? '-');
    }
    expect(picks).toEqual(['a', 'b', 'c', 'a', 'b']);
  });

  it('stays in range when the list shrinks', () => {
    const pick = roundRobin([w('a', 0)], 7);
    expect(pick.chosen?.id).toBe('a');
  });
});

describe('powerOfTwo', () => {
  it('never picks the busiest of three when the other two are idle', () => {
    const rng = mulberry32(7);
    const list = [w('busy', 4), w('x', 0), w('y', 0)];
    for (let i = 0; i < 200; i++) expect(powerOfTwo(list, rng, load)?.id).not.toBe('busy');
  });

  it('samples two distinct candidates: with two it always takes the idler one', () => {
    const rng = mulberry32(1);
    const pair = [w('a', 3), w('b', 1)];
    for (let i = 0; i < 100; i++) expect(powerOfTwo(pair, rng, load)?.id).toBe('b');
  });

  it('spreads choices across equally loaded workers', () => {
    const rng = mulberry32(3);
    const list = [w('a', 0), w('b', 0), w('c', 0), w('d', 0)];
    const seen = new Set<string>();
    for (let i = 0; i < 100; i++) seen.add(powerOfTwo(list, rng, load)?.id ?? '');
    expect(seen.size).toBe(4);
  });
});

describe('createSelector', () => {
  it('keeps its round-robin cursor between calls', () => {
    const select = createSelector<W>('round-robin', mulberry32(1), load);
    const list = [w('a', 0), w('b', 0)];
    expect([select(list)?.id, select(list)?.id, select(list)?.id]).toEqual(['a', 'b', 'a']);
  });

  it('defaults to least-connections', () => {
    const select = createSelector<W>('least-connections', mulberry32(1), load);
    expect(select([w('a', 2), w('b', 0)])?.id).toBe('b');
  });
});
