import { randomBytes } from 'node:crypto';

const TIME_WIDTH = 9; // base36 ms: good until the year 5188
const COUNTER_WIDTH = 4;
const COUNTER_LIMIT = 36 ** COUNTER_WIDTH;
const RANDOM_WIDTH = 3;

/**
 * Task ids: 9 base36 digits of time, a 4-digit counter, 3 random digits (16 characters).
 * Fixed width, so string order is creation order; strictly increasing even when the clock
 * stalls or steps back, because the generator never goes below the largest id it has seen
 * (restored from the journal on open).
 */
export class IdGenerator {
  private lastTime = 0;
  private counter = 0;

  next(now: number): string {
    const t = Math.max(0, Math.floor(now));
    if (t > this.lastTime) {
      this.lastTime = t;
      this.counter = 0;
    } else if (++this.counter >= COUNTER_LIMIT) {
      this.lastTime++;
      this.counter = 0;
    }
    return (
      this.lastTime.toString(36).padStart(TIME_WIDTH, '0') +
      this.counter.toString(36).padStart(COUNTER_WIDTH, '0') +
      randomDigits()
    );
  }

  /** Makes later ids sort after `id` (an id read back from the journal). */
  observe(id: string): void {
    const time = Number.parseInt(id.slice(0, TIME_WIDTH), 36);
    const counter = Number.parseInt(id.slice(TIME_WIDTH, TIME_WIDTH + COUNTER_WIDTH), 36);
    if (!Number.isFinite(time) || !Number.isFinite(counter)) return;
    if (time > this.lastTime || (time === this.lastTime && counter > this.counter)) {
      this.lastTime = time;
      this.counter = counter;
    }
  }
}

let pool = Buffer.alloc(0);
let poolAt = 0;

/** Random bytes from a pooled buffer: one syscall per 4 KiB instead of one per id. */
export function randomChunk(bytes: number): Buffer {
  if (poolAt + bytes > pool.length) {
    pool = randomBytes(4096);
    poolAt = 0;
  }
  const out = pool.subarray(poolAt, poolAt + bytes);
  poolAt += bytes;
  return out;
}

function randomDigits(): string {
  const b = randomChunk(2);
  const n = ((b[0] as number) << 8) | (b[1] as number);
  return (n % 36 ** RANDOM_WIDTH).toString(36).padStart(RANDOM_WIDTH, '0');
}
