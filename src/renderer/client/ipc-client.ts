import type { DesktopBridge, GantryBridge } from '../../shared/api/bridge';
import { splitMethod } from '../../shared/api/bridge';
import type { Input, MethodName, Output } from '../../shared/api/contract';
import type { Result } from '../../shared/api/errors';
import { GantryError } from '../../shared/api/errors';
import type { GantryEvent } from '../../shared/events';
import type { Snapshot } from '../../shared/snapshot';
import type { ConnectionState, RendererClient } from './types';

type AnyCall = (input: unknown) => Promise<Result<unknown>>;

/**
 * The client inside the desktop app: `window.gantry` from the preload answers a `Result`
 * per call; this unwraps it into the value or a thrown `GantryError` with the same code.
 */
export class IpcClient implements RendererClient {
  readonly transport = 'ipc';
  readonly desktop: DesktopBridge | undefined;

  constructor(private readonly bridge: GantryBridge) {
    this.desktop = bridge.desktop;
  }

  async call<M extends MethodName>(method: M, input: Input<M>): Promise<Output<M>> {
    const [domain, verb] = splitMethod(method);
    const group = (this.bridge as unknown as Record<string, Record<string, AnyCall> | undefined>)[
      domain
    ];
    const fn = group?.[verb];
    if (typeof fn !== 'function') {
      throw new GantryError('unavailable', `${method} is not available in this build`);
    }
    const result = await fn(input);
    if (result.ok) return result.value as Output<M>;
    throw GantryError.fromBody(result.error);
  }

  onSnapshot(listener: (snapshot: Snapshot) => void): () => void {
    return this.bridge.onSnapshot(listener);
  }

  onEvent(listener: (event: GantryEvent) => void): () => void {
    return this.bridge.onEvent(listener);
  }

  onConnection(listener: (state: ConnectionState) => void): () => void {
    listener({ status: 'connected' });
    return () => {};
  }

  close(): void {}
}
