import type { Handlers } from '../../../shared/api/contract';
import { GantryError } from '../../../shared/api/errors';
import type { Decision } from '../../../shared/scaling/types';
import type { EngineContext } from '../context';

type WorkerHandlers = Pick<
  Handlers,
  'workers.list' | 'workers.stop' | 'workers.restart' | 'workers.logs' | 'workers.stats'
>;

/** The worker channels: an operator's stop and restart are recorded as manual scaling. */
export function workerHandlers(ctx: EngineContext): WorkerHandlers {
  const live = (id: string) => {
    const record = ctx.pool.get(id);
    if (!record) throw new GantryError('not_found', `no worker ${id}`, { field: 'id' });
    const { state } = record.info;
    if (state !== 'starting' && state !== 'ready') {
      throw new GantryError('conflict', `worker ${id} is already ${state}`);
    }
    return record;
  };
  const manual = (direction: 'up' | 'down', workerIds: string[], reason: string) => {
    const current = ctx.pool.current();
    const desired = direction === 'up' ? current + 1 : current - 1;
    const decision: Decision = {
      at: ctx.now(),
      policy: ctx.autoscaler.status().policy.name,
      current,
      raw: desired,
      desired,
      clamps: [],
      action: direction,
      reason,
      inputs: {},
    };
    ctx.metrics.scaling(direction);
    ctx.logger.info(reason, { workerIds });
    ctx.bus.publish({
      type: 'scaling',
      level: 'info',
      message: reason,
      direction,
      cause: 'manual',
      decision,
      workerIds,
    });
  };

  return {
    'workers.list': async () => ctx.pool.list(),
    'workers.stop': async (id) => {
      live(id);
      manual('down', [id], `operator stopped worker ${id}`);
      void ctx.pool.drain(id, 'stopped by operator');
    },
    'workers.restart': async (id) => {
      live(id);
      const [replacement] = ctx.pool.start(1, `replacing ${id} (operator restart)`);
      manual('up', replacement ? [replacement] : [], `operator restarted worker ${id}`);
      // The old worker keeps serving until its replacement is in rotation; if the replacement
      // fails, the old one stays (the operator sees the failed start in the events).
      void ctx.pool.whenSettled(replacement ?? '').then((ready) => {
        if (!ready) return;
        manual('down', [id], `operator restarted worker ${id}: draining the old one`);
        return ctx.pool.drain(id, 'restarted by operator');
      });
    },
    'workers.logs': async ({ id, lines }) => {
      const text = await ctx.pool.logs(id, lines);
      if (text === undefined) {
        throw new GantryError('not_found', `no worker ${id}`, { field: 'id' });
      }
      return { text };
    },
    'workers.stats': async () => ctx.pool.stats(),
  };
}
