import type { StateCreator } from 'zustand/vanilla';
import type { GantryEvent } from '../../../shared/events';
import type { Snapshot } from '../../../shared/snapshot';
import type { GantryState } from '../store';
import { pointsFromEvents } from '../timeline-backfill';
import { TimelineRing } from '../timeline-ring';

/** How far back the timeline goes. */
export const TIMELINE_SPAN_MS = 60 * 60_000;

/**
 * The pool over time. The ring is mutated in place (an hour of samples is too many to
 * copy per frame); `timelineVersion` moving is what tells the chart to redraw.
 */
export interface TimelineSlice {
  timeline: TimelineRing;
  timelineVersion: number;
  /** Adds points rebuilt from older events before the first live one. */
  backfillTimeline(events: readonly GantryEvent[]): void;
}

/** The slice's part of applying a snapshot: one point (pushed into the ring). */
export function timelinePatch(state: TimelineSlice, snapshot: Snapshot): Partial<TimelineSlice> {
  const counts = snapshot.autoscaler.workers;
  state.timeline.push({
    ts: snapshot.ts,
    ready: counts.ready,
    starting: counts.starting,
    draining: counts.draining,
    desired: snapshot.autoscaler.desired,
    backlog: snapshot.queue.counts.queued + snapshot.queue.counts.scheduled,
  });
  return { timelineVersion: state.timelineVersion + 1 };
}

export const createTimelineSlice: StateCreator<GantryState, [], [], TimelineSlice> = (
  set,
  get,
) => ({
  timeline: new TimelineRing(),
  timelineVersion: 0,
  backfillTimeline: (events) => {
    const { timeline, timelineVersion } = get();
    const live = timeline.toArray();
    const firstLive = live[0]?.ts ?? Infinity;
    const newest = live[live.length - 1]?.ts ?? events[events.length - 1]?.ts ?? 0;
    const older = pointsFromEvents(events).filter(
      (p) => p.ts < firstLive && p.ts >= newest - TIMELINE_SPAN_MS,
    );
    if (older.length === 0) return;
    timeline.reset([...older, ...live]);
    set({ timelineVersion: timelineVersion + 1 });
  },
});
