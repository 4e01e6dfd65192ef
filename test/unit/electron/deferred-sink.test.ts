import { describe, expect, it } from 'vitest';
import { DeferredSink } from '../../../src/main/electron/deferred-sink';
import { Logger, MemorySink } from '../../../src/main/log/logger';

describe('DeferredSink', () => {
  it('replays early records in order once attached, then writes through', () => {
    const deferred = new DeferredSink();
    const logger = new Logger([deferred]);
    const target = new MemorySink();

    logger.info('first');
    logger.warn('second');
    deferred.attach(target);
    logger.info('third');

    expect(target.records.map((r) => r.msg)).toEqual(['first', 'second', 'third']);
  });

  it('keeps at most the cap before it is attached', () => {
    const deferred = new DeferredSink(2);
    const logger = new Logger([deferred]);
    const target = new MemorySink();

    for (const msg of ['a', 'b', 'c']) logger.info(msg);
    deferred.attach(target);

    expect(target.records.map((r) => r.msg)).toEqual(['a', 'b']);
  });
});
