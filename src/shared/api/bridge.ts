import type { z } from 'zod';
import type { GantryEvent } from '../events';
import type { Snapshot } from '../snapshot';
import type { Input, MethodName, Output } from './contract';
import type { MenuCommand } from './channels';
import type { DesktopMethodName, desktopContract } from './contract/desktop';
import type { Result } from './errors';

type Domain<M extends string> = M extends `${infer D}.${string}` ? D : never;
type Verb<M extends string, D extends string> = M extends `${D}.${infer V}` ? V : never;

/**
 * What the preload exposes as `window.gantry`: `gantry.queue.enqueue(tasks)` and so on, one
 * function per contract channel, each answering a `Result` (errors keep their code across
 * the context bridge), plus the two push subscriptions.
 */
export type GantryBridge = {
  [D in Domain<MethodName>]: {
    [V in Verb<MethodName, D>]: `${D}.${V}` extends infer M extends MethodName
      ? (input: Input<M>) => Promise<Result<Output<M>>>
      : never;
  };
} & {
  onSnapshot(listener: (snapshot: Snapshot) => void): () => void;
  onEvent(listener: (event: GantryEvent) => void): () => void;
  /** Present only in the desktop app: native dialogs and the app menu's commands. */
  desktop?: DesktopBridge;
};

type DesktopContract = typeof desktopContract;

/** `window.gantry.desktop`: `openTraceFile()` and so on, plus the menu's commands. */
export type DesktopBridge = {
  [M in DesktopMethodName as Verb<M, 'desktop'>]: (
    input?: z.input<DesktopContract[M]['input']>,
  ) => Promise<Result<DesktopContract[M]['output']>>;
} & {
  onMenu(listener: (command: MenuCommand) => void): () => void;
};

/** Splits `queue.enqueue` into its domain and verb. */
export function splitMethod(method: MethodName): [string, string] {
  const dot = method.indexOf('.');
  return [method.slice(0, dot), method.slice(dot + 1)];
}
