import { createContext, useCallback, useContext } from 'react';
import { useStore } from 'zustand';
import type { Input, MethodName, Output } from '../../shared/api/contract';
import { GantryError } from '../../shared/api/errors';
import type { RendererClient } from '../client/types';
import type { GantryState, GantryStore } from '../state/store';

export const StoreContext = createContext<GantryStore | null>(null);
export const ClientContext = createContext<RendererClient | null>(null);

/** The window's store; throws outside the provider (a wiring bug, not a user error). */
export function useGantryStore(): GantryStore {
  const store = useContext(StoreContext);
  if (store === null) throw new Error('StoreContext is not provided');
  return store;
}

/** Selects one narrow piece of state; the component re-renders only when it changes. */
export function useGantry<T>(selector: (state: GantryState) => T): T {
  return useStore(useGantryStore(), selector);
}

export function useClient(): RendererClient {
  const client = useContext(ClientContext);
  if (client === null) throw new Error('ClientContext is not provided');
  return client;
}

/** The readable line for a failed call: the code decides the wording, the message the detail. */
export function describeError(error: unknown): string {
  if (error instanceof GantryError) {
    const field = error.extra.field === undefined ? '' : ` (${error.extra.field})`;
    return `${error.message}${field}`;
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * Calls a channel and reports the outcome in the toast: `done` on success (when given), the
 * error's message on failure. Answers the value, or undefined after a failure.
 */
export function useAction() {
  const client = useClient();
  const store = useGantryStore();
  return useCallback(
    async <M extends MethodName>(
      method: M,
      input: Input<M>,
      done?: string,
    ): Promise<Output<M> | undefined> => {
      try {
        const value = await client.call(method, input);
        if (done !== undefined) store.getState().notify(done);
        return value;
      } catch (error) {
        store.getState().notify(describeError(error), 'error');
        return undefined;
      }
    },
    [client, store],
  );
}
