import type { Handlers } from '../../../shared/api/contract';
import type { EngineContext } from '../context';

/** The traffic generator and policy lab channels. */
export function trafficHandlers(
  ctx: EngineContext,
): Pick<Handlers, 'traffic.start' | 'traffic.stop' | 'sim.run'> {
  return {
    'traffic.start': async (profile) => {
      const progress = ctx.traffic.start(profile);
      ctx.bus.publish({
        type: 'notice',
        level: 'info',
        message: `traffic started: ${profile.shape} at ${profile.rate}/s, ${profile.durationS} s`,
        topic: 'traffic',
        data: { shape: profile.shape, rate: profile.rate, durationS: profile.durationS },
      });
      return progress;
    },
    'traffic.stop': async () => {
      const summary = await ctx.traffic.stop();
      if (summary) {
        ctx.bus.publish({
          type: 'notice',
          level: 'info',
          message: `traffic stopped: ${summary.submitted} sent, ${summary.succeeded} succeeded`,
          topic: 'traffic',
        });
      }
      return summary;
    },
    'sim.run': async (input) => ctx.simulate(input),
  };
}
