import type { GantryEvent } from '../events';
import type { Snapshot } from '../snapshot';
import type { Input, MethodName, Output } from './contract';
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
};

/** Splits `queue.enqueue` into its domain and verb. */
export function splitMethod(method: MethodName): [string, string] {
  const dot = method.indexOf('.');
  return [method.slice(0, dot), method.slice(dot + 1)];
}
