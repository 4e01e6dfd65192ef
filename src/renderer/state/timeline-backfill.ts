import type { GantryEvent } from '../../shared/events';
import type { WorkerState } from '../../shared/workers';
import type { TimelinePoint } from './timeline-ring';

/**
 * Rebuilds timeline points from the event log, for the minutes before this window opened:
 * worker events give the pool by state, scaling decisions the desired count and the backlog
 * (`queued` among their inputs). One point per event, oldest first.
 */
export function pointsFromEvents(events: readonly GantryEvent[]): TimelinePoint[] {
  const states = new Map<string, WorkerState>();
  let desired = Number.NaN;
  let backlog = Number.NaN;
  const points: TimelinePoint[] = [];

  for (const event of events) {
    if (event.type === 'worker') {
      states.set(event.workerId, event.to);
    } else if (event.type === 'scaling') {
      desired = event.decision.desired;
      const queued = event.decision.inputs['queued'] ?? event.decision.inputs['backlog'];
      if (queued !== undefined) backlog = queued;
    } else {
      continue;
    }
    let ready = 0;
    let starting = 0;
    let draining = 0;
    for (const state of states.values()) {
      if (state === 'ready') ready++;
      else if (state === 'starting') starting++;
      else if (state === 'draining') draining++;
    }
    points.push({
      ts: event.ts,
      ready,
      starting,
      draining,
      desired: Number.isNaN(desired) ? ready + starting : desired,
      backlog,
    });
  }
  return points;
}
