import type { StateCreator } from 'zustand/vanilla';
import type { AppView } from '../../../shared/api/channels';
import { APP_VIEWS } from '../../../shared/api/channels';
import type { EventLevel, GantryEventType } from '../../../shared/events';
import type { GantryState } from '../store';

/** The views of the shell, in navigation (and shortcut) order; the app menu uses the same. */
export const VIEWS = APP_VIEWS;
export type ViewName = AppView;

export const TIMELINE_WINDOWS_MIN = [1, 5, 15, 60] as const;
export type TimelineWindowMin = (typeof TIMELINE_WINDOWS_MIN)[number];

export interface EventFilter {
  types: GantryEventType[];
  minLevel: EventLevel;
  text: string;
}

/** User choices that outlive a view: which view, the chart window, filters, open overlays. */
export interface UiSlice {
  view: ViewName;
  helpOpen: boolean;
  timelineWindowMin: TimelineWindowMin;
  /** The scaling event selected on the timeline (by seq), to show its inputs. */
  selectedScalingSeq: number | null;
  eventFilter: EventFilter;
  /** A short message after an action ("Retried 1 task", or an error). */
  toast: { text: string; kind: 'info' | 'error'; at: number } | null;

  setView(view: ViewName): void;
  setHelpOpen(open: boolean): void;
  setTimelineWindow(minutes: TimelineWindowMin): void;
  selectScalingEvent(seq: number | null): void;
  setEventFilter(filter: Partial<EventFilter>): void;
  notify(text: string, kind?: 'info' | 'error'): void;
}

export const createUiSlice: StateCreator<GantryState, [], [], UiSlice> = (set, get) => ({
  view: 'overview',
  helpOpen: false,
  timelineWindowMin: 5,
  selectedScalingSeq: null,
  eventFilter: { types: [], minLevel: 'debug', text: '' },
  toast: null,

  setView: (view) => set({ view }),
  setHelpOpen: (helpOpen) => set({ helpOpen }),
  setTimelineWindow: (timelineWindowMin) =>
    set({ timelineWindowMin, timelineVersion: get().timelineVersion + 1 }),
  selectScalingEvent: (selectedScalingSeq) => set({ selectedScalingSeq }),
  setEventFilter: (filter) => set({ eventFilter: { ...get().eventFilter, ...filter } }),
  notify: (text, kind = 'info') => set({ toast: { text, kind, at: Date.now() } }),
});
