import type { Handlers } from '../../../shared/api/contract';
import { GantryError } from '../../../shared/api/errors';
import type { Settings } from '../../../shared/settings';
import type { EngineContext } from '../context';

type AutoscalerHandlers = Pick<
  Handlers,
  | 'autoscaler.get'
  | 'autoscaler.configure'
  | 'autoscaler.pause'
  | 'autoscaler.resume'
  | 'autoscaler.scale'
>;

/** The autoscaler channels; `configure` validates through the policy and applies live. */
export function autoscalerHandlers(ctx: EngineContext): AutoscalerHandlers {
  return {
    'autoscaler.get': async () => ctx.autoscaler.status(),
    'autoscaler.configure': async (config) => {
      const base = ctx.settings();
      const next: Settings = { ...base };
      if (config.policy !== undefined && config.policy !== base.policy) {
        next.policy = config.policy;
        // Knobs belong to a policy: a new policy starts from its defaults unless given some.
        next.policyParams = {};
      }
      if (config.params !== undefined) next.policyParams = config.params;
      if (config.minWorkers !== undefined) next.minWorkers = config.minWorkers;
      if (config.maxWorkers !== undefined) next.maxWorkers = config.maxWorkers;
      if (next.minWorkers > next.maxWorkers) {
        throw new GantryError(
          'invalid_input',
          `minWorkers (${next.minWorkers}) is above maxWorkers (${next.maxWorkers})`,
          { field: 'minWorkers' },
        );
      }
      ctx.autoscaler.validate(next);
      await ctx.replaceSettings(next);
      ctx.autoscaler.reconfigure(next);
      const range = `${next.minWorkers}..${next.maxWorkers}`;
      ctx.bus.publish({
        type: 'notice',
        level: 'info',
        message: `autoscaler configured: ${next.policy}, ${range} workers`,
        topic: 'autoscaler',
        data: {
          policy: next.policy,
          params: next.policyParams,
          min: next.minWorkers,
          max: next.maxWorkers,
        },
      });
      return ctx.autoscaler.status();
    },
    'autoscaler.pause': async () => {
      ctx.autoscaler.pause();
      return ctx.autoscaler.status();
    },
    'autoscaler.resume': async () => {
      ctx.autoscaler.resume();
      return ctx.autoscaler.status();
    },
    'autoscaler.scale': async ({ workers }) => {
      ctx.autoscaler.scale(workers);
      return ctx.autoscaler.status();
    },
  };
}
