import type { MethodName } from './contract';
import type { DesktopMethodName } from './contract/desktop';

// Channel names without schemas: the sandboxed preload imports this module and must not load
// zod. The schemas stay in ./contract.

/**
 * Every contract channel's name as a plain list. The compiler rejects the list when a
 * channel is missing or unknown; a unit test checks it equals `Object.keys(contract)`.
 */
export const METHOD_NAME_LIST = [
  'queue.enqueue',
  'queue.pause',
  'queue.resume',
  'queue.purge',
  'tasks.list',
  'tasks.get',
  'tasks.retry',
  'tasks.cancel',
  'workers.list',
  'workers.stop',
  'workers.restart',
  'workers.logs',
  'workers.stats',
  'autoscaler.get',
  'autoscaler.configure',
  'autoscaler.pause',
  'autoscaler.resume',
  'autoscaler.scale',
  'traffic.start',
  'traffic.stop',
  'events.list',
  'events.export',
  'settings.get',
  'settings.set',
  'sim.run',
] as const satisfies readonly MethodName[];

type Unlisted = Exclude<MethodName, (typeof METHOD_NAME_LIST)[number]>;
/** Fails to compile, naming the channel, when the contract gains one this list lacks. */
export const METHOD_NAME_LIST_COMPLETE: [Unlisted] extends [never] ? true : Unlisted = true;

/** Push channels: a coalesced snapshot a few times a second, and each new event. */
export const PUSH_CHANNELS = { snapshot: 'state.snapshot', event: 'events.new' } as const;

/** The desktop app's own channels (see ./contract/desktop). */
export const DESKTOP_METHOD_NAMES = [
  'desktop.openTraceFile',
] as const satisfies readonly DesktopMethodName[];

type UnlistedDesktop = Exclude<DesktopMethodName, (typeof DESKTOP_METHOD_NAMES)[number]>;
export const DESKTOP_METHOD_NAMES_COMPLETE: [UnlistedDesktop] extends [never]
  ? true
  : UnlistedDesktop = true;

/** Views the app menu can switch to, in the order of their Ctrl/Cmd+number shortcuts. */
export const APP_VIEWS = [
  'overview',
  'timeline',
  'traffic',
  'autoscaler',
  'tasks',
  'events',
  'settings',
  'lab',
] as const;
export type AppView = (typeof APP_VIEWS)[number];

/** What the app menu asks the renderer to do. */
export type MenuCommand = { type: 'show-view'; view: AppView } | { type: 'show-shortcuts' };

/** Desktop-only push channels. */
export const DESKTOP_PUSH_CHANNELS = { menu: 'ui.menu' } as const;
