import { ClampChain, applyBounds, currentWorkers, finishDecision, fmt } from './decision';
import { COOLDOWN_SPEC, num, registerSpecs, resolveParams } from './params';
import type { ParamSpec } from './params';
import type { Policy, PolicyParams } from './types';

/** Knobs of `threshold`. */
export const THRESHOLD_SPECS: readonly ParamSpec[] = registerSpecs([
  COOLDOWN_SPEC,
  {
    name: 'upBacklog',
    type: 'integer',
    default: 0,
    min: 0,
    max: 1_000_000,
    unit: 'tasks',
    doc: 'Scale up when more than this many tasks are queued (waiting for a slot).',
  },
  {
    name: 'upStep',
    type: 'integer',
    default: 1,
    min: 1,
    max: 1000,
    unit: 'workers',
    doc: 'Workers added by one scale-up action.',
  },
  {
    name: 'downStep',
    type: 'integer',
    default: 1,
    min: 1,
    max: 1000,
    unit: 'workers',
    doc: 'Workers removed by one scale-down action (only idle capacity is removed).',
  },
]);

/** Remembers the last action (for the cooldown) and since when the pool is idle. */
export interface ThresholdState {
  lastActionAt: number | null;
  /** Since when the queue is empty with a spare worker (null when it is not). */
  idleSince: number | null;
}

/**
 * The classic rule set, kept as a baseline: a backlog above `upBacklog` adds `upStep`
 * workers; an empty queue with at least one worker's worth of idle slots for a cooldown
 * removes `downStep`; no two actions closer than the cooldown (except starting the first
 * worker of an empty pool).
 */
export function createThreshold(given: PolicyParams): Policy<ThresholdState> {
  const params = resolveParams('threshold', THRESHOLD_SPECS, given);
  const cooldownMs = num(params, 'cooldownMs');
  const upBacklog = num(params, 'upBacklog');
  const upStep = num(params, 'upStep');
  const downStep = num(params, 'downStep');

  return {
    name: 'threshold',
    params,
    initialState: () => ({ lastActionAt: null, idleSince: null }),
    decide(obs, limits, state) {
      const current = currentWorkers(obs);
      const slots = Math.max(1, obs.slotsPerWorker);
      // Workers needed just to keep the running tasks: never remove below that.
      const busy = Math.ceil(obs.inflight / slots);
      const idle = obs.queued === 0 && busy < current;
      const idleSince = idle ? (state.idleSince ?? obs.now) : null;
      let raw = current;
      let why = `${obs.queued} queued, ${obs.inflight} running on ${current} workers`;
      if (obs.queued > upBacklog) {
        raw = current + upStep;
        why = `${obs.queued} queued > ${upBacklog}: add ${upStep}`;
      } else if (obs.queued === 0 && busy < current) {
        raw = Math.max(busy, current - downStep);
        why = `queue empty and ${fmt(current * slots - obs.inflight)} idle slots: remove ${current - raw}`;
      }

      const chain = new ClampChain(raw);
      const sinceLast = state.lastActionAt === null ? Infinity : obs.now - state.lastActionAt;
      const idleFor = idleSince === null ? 0 : obs.now - idleSince;
      if (raw < current && idleFor < cooldownMs) {
        // Capacity goes only after it has been spare for a cooldown, not at the first lull.
        chain.apply(
          'grace',
          current,
          `spare for ${fmt(idleFor / 1000)} s of ${fmt(cooldownMs / 1000)} s`,
        );
      } else if (raw !== current && sinceLast < cooldownMs) {
        const left = Math.ceil((cooldownMs - sinceLast) / 1000);
        chain.apply(
          'cooldown',
          current,
          `last action ${fmt(sinceLast / 1000)} s ago, ${left} s left`,
        );
      }
      applyBounds(chain, obs, limits);

      const decision = finishDecision('threshold', obs, raw, chain, why, {
        queued: obs.queued,
        inflight: obs.inflight,
        slotsPerWorker: slots,
        sinceLastActionMs: Number.isFinite(sinceLast) ? sinceLast : -1,
      });
      const lastActionAt = decision.action === 'none' ? state.lastActionAt : obs.now;
      const next = { lastActionAt, idleSince };
      return { decision, state: next };
    },
  };
}
