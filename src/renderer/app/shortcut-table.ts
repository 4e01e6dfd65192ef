import type { ViewName } from '../state/slices/ui-slice';

/** One keyboard shortcut as the help overlay lists it. */
export interface ShortcutDef {
  /** `KeyboardEvent.key` of the shortcut. */
  key: string;
  /** How the help shows the key, when not the key itself (arrows). */
  shown?: string;
  label: string;
  /** The view where it works; undefined for everywhere. */
  view?: ViewName;
  /** Where it works, when that is more than one view. */
  where?: string;
}

/** Every shortcut of the app, in help order. Handlers register by id (see `useShortcut`). */
export const SHORTCUTS = {
  'view.overview': { key: '1', label: 'Overview: workers, queue, timeline' },
  'view.timeline': { key: '2', label: 'Scaling timeline' },
  'view.traffic': { key: '3', label: 'Traffic generator' },
  'view.autoscaler': { key: '4', label: 'Autoscaler' },
  'view.tasks': { key: '5', label: 'Tasks' },
  'view.events': { key: '6', label: 'Event log' },
  'view.settings': { key: '7', label: 'Settings' },
  'view.lab': { key: '8', label: 'Policy lab: replay a workload through the policies' },
  help: { key: '?', label: 'Show or hide this help' },
  'queue.pause': { key: 'q', label: 'Pause or resume dispatching' },
  'grid.next': { key: 'ArrowRight', shown: '→', label: 'Next worker card', view: 'overview' },
  'grid.prev': { key: 'ArrowLeft', shown: '←', label: 'Previous worker card', view: 'overview' },
  'worker.stop': { key: 's', label: 'Stop the focused worker', view: 'overview' },
  'worker.restart': { key: 'r', label: 'Restart the focused worker', view: 'overview' },
  'worker.logs': { key: 'l', label: 'Logs of the focused worker', view: 'overview' },
  'timeline.window': {
    key: 'w',
    label: 'Cycle the timeline window (1, 5, 15, 60 min)',
    where: 'overview, timeline',
  },
  'timeline.next': { key: ']', label: 'Select the next scaling event', view: 'timeline' },
  'timeline.prev': { key: '[', label: 'Select the previous scaling event', view: 'timeline' },
  'traffic.start': { key: 'b', label: 'Start the traffic run as set', view: 'traffic' },
  'traffic.stop': { key: 'x', label: 'Stop the traffic run' },
  'autoscaler.pause': { key: 'p', label: 'Pause or resume the autoscaler' },
  'autoscaler.up': { key: '+', label: 'Manual scale: one more worker', view: 'autoscaler' },
  'autoscaler.down': { key: '-', label: 'Manual scale: one fewer worker', view: 'autoscaler' },
  'tasks.dead': { key: 'd', label: 'Show dead tasks', view: 'tasks' },
  'tasks.all': { key: 'a', label: 'Show all tasks', view: 'tasks' },
  'tasks.next': { key: 'j', label: 'Next task', view: 'tasks' },
  'tasks.prev': { key: 'k', label: 'Previous task', view: 'tasks' },
  'tasks.retry': { key: 'r', label: 'Retry the selected task', view: 'tasks' },
  'tasks.cancel': { key: 'c', label: 'Cancel the selected task', view: 'tasks' },
  'tasks.refresh': { key: 'g', label: 'Refresh the list', view: 'tasks' },
  'events.search': { key: '/', label: 'Search the event log', view: 'events' },
  'events.export': { key: 'e', label: 'Export the event log', view: 'events' },
} as const satisfies Record<string, ShortcutDef>;

export type ShortcutId = keyof typeof SHORTCUTS;
