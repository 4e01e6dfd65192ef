import type { Handlers } from '../../../shared/api/contract';
import { GantryError } from '../../../shared/api/errors';
import type { Task, TaskState } from '../../../shared/tasks';
import type { EngineContext } from '../context';

type QueueHandlers = Pick<
  Handlers,
  | 'queue.enqueue'
  | 'queue.pause'
  | 'queue.resume'
  | 'queue.purge'
  | 'tasks.list'
  | 'tasks.get'
  | 'tasks.retry'
  | 'tasks.cancel'
>;

/** The queue and task channels. */
export function queueHandlers(ctx: EngineContext): QueueHandlers {
  const notice = (message: string, data?: Record<string, unknown>) => {
    ctx.logger.info(message, data);
    ctx.bus.publish({ type: 'notice', level: 'info', message, topic: 'queue', data });
  };
  const found = (id: string): Task => {
    const task = ctx.store.get(id);
    if (!task) throw new GantryError('not_found', `no task ${id}`, { field: 'id' });
    return task;
  };

  return {
    'queue.enqueue': async (specs) => {
      const tasks = await ctx.submit(specs);
      return { ids: tasks.map((task) => task.id) };
    },
    'queue.pause': async () => {
      ctx.dispatcher.pause();
      notice('queue paused: no new tasks are dispatched');
    },
    'queue.resume': async () => {
      ctx.dispatcher.resume();
      notice('queue resumed');
    },
    'queue.purge': async () => {
      const now = ctx.now();
      const purged = await ctx.store.purge(now);
      notice(`queue purged: ${purged} tasks canceled`, { purged });
      return { purged };
    },
    'tasks.list': async (query) =>
      ctx.store.list({ ...query, state: query.state as TaskState | undefined }),
    'tasks.get': async (id) => found(id),
    'tasks.retry': async (id) => {
      const task = await ctx.store.retry(id, ctx.now());
      if (!task) throw new GantryError('not_found', `no task ${id}`, { field: 'id' });
      if (task.state !== 'queued') {
        const why = `task ${id} is ${task.state}; only dead or canceled tasks can be retried`;
        throw new GantryError('conflict', why);
      }
      ctx.outcomes.changed(task);
      ctx.dispatcher.wake(true);
      return task;
    },
    'tasks.cancel': async (id) => {
      found(id);
      const task = await ctx.store.cancel(id, ctx.now());
      if (!task) throw new GantryError('not_found', `no task ${id}`, { field: 'id' });
      if (task.state !== 'canceled') {
        throw new GantryError('conflict', `task ${id} is already ${task.state}`);
      }
      ctx.dispatcher.cancelRunning(id);
      ctx.outcomes.changed(task);
      return task;
    },
  };
}
