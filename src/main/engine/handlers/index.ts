import type { Handlers } from '../../../shared/api/contract';
import type { EngineContext } from '../context';
import { autoscalerHandlers } from './autoscaler';
import { eventHandlers } from './events';
import { queueHandlers } from './queue';
import { settingsHandlers } from './settings';
import { trafficHandlers } from './traffic';
import { workerHandlers } from './workers';

/** One handler per contract channel. Inputs arrive validated by the caller. */
export function createHandlers(ctx: EngineContext): Handlers {
  return {
    ...queueHandlers(ctx),
    ...workerHandlers(ctx),
    ...autoscalerHandlers(ctx),
    ...eventHandlers(ctx),
    ...settingsHandlers(ctx),
    ...trafficHandlers(ctx),
  };
}
