import { describe, expect, it } from 'vitest';
import { stopWithin } from '../../../src/main/electron/shutdown';
import { Logger, MemorySink } from '../../../src/main/log/logger';

describe('stopWithin', () => {
  it('answers stopped when the stop finishes in time', async () => {
    await expect(stopWithin(async () => {}, 1000, new Logger([]))).resolves.toBe('stopped');
  });

  it('gives up on a stop that never finishes', async () => {
    const sink = new MemorySink();

    const outcome = await stopWithin(() => new Promise<void>(() => {}), 10, new Logger([sink]));

    expect(outcome).toBe('timed-out');
    expect(sink.records.map((r) => r.level)).toEqual(['warn']);
  });

  it('logs a failed stop and answers failed', async () => {
    const sink = new MemorySink();

    const outcome = await stopWithin(
      () => Promise.reject(new Error('journal locked')),
      1000,
      new Logger([sink]),
    );

    expect(outcome).toBe('failed');
    expect(sink.records[0]?.level).toBe('error');
  });
});
