import type { z } from 'zod';
import type { GantryEvent } from '../../events';
import type { Snapshot } from '../../snapshot';
import { autoscalerContract } from './autoscaler';
import { eventsContract } from './events';
import { queueContract } from './queue';
import { settingsContract } from './settings';
import { simContract } from './sim';
import { tasksContract } from './tasks';
import { trafficContract } from './traffic';
import { workersContract } from './workers';

/**
 * Every request channel, declared once. Main registers one handler per key (IPC and the
 * HTTP bridge `POST /api/{method}`), the preload builds `window.gantry` from the keys, and
 * the renderer's client types come from here.
 */
export const contract = {
  ...queueContract,
  ...tasksContract,
  ...workersContract,
  ...autoscalerContract,
  ...trafficContract,
  ...eventsContract,
  ...settingsContract,
  ...simContract,
};

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export const METHOD_NAMES = Object.keys(contract) as MethodName[];

/** What a caller passes (before validation and defaults). */
export type Input<M extends MethodName> = z.input<Contract[M]['input']>;
/** What a handler receives (validated, defaults filled). */
export type ParsedInput<M extends MethodName> = z.output<Contract[M]['input']>;
export type Output<M extends MethodName> = Contract[M]['output'];

/** The engine's side: one function per channel. */
export type Handlers = { [M in MethodName]: (input: ParsedInput<M>) => Promise<Output<M>> };

export { PUSH_CHANNELS } from '../channels';

/**
 * The typed client the renderer uses, the same over IPC (preload) and HTTP/SSE (headless).
 * Calls reject with `GantryError` carrying the code.
 */
export interface GantryClient {
  call<M extends MethodName>(method: M, input: Input<M>): Promise<Output<M>>;
  onSnapshot(listener: (snapshot: Snapshot) => void): () => void;
  onEvent(listener: (event: GantryEvent) => void): () => void;
}
