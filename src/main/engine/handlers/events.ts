import type { Handlers } from '../../../shared/api/contract';
import type { EngineContext } from '../context';

/** The event log channels. */
export function eventHandlers(ctx: EngineContext): Pick<Handlers, 'events.list' | 'events.export'> {
  return {
    'events.list': async (query) => ctx.eventLog.list(query),
    'events.export': async ({ format, from, to }) => ctx.eventLog.export(format, from, to),
  };
}
