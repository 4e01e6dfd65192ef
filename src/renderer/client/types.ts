import type { DesktopBridge } from '../../shared/api/bridge';
import type { GantryClient } from '../../shared/api/contract';

/**
 * How the renderer reaches the engine. IPC is always `connected`; the HTTP feed moves
 * between the others and says why.
 */
export type ConnectionState =
  | { status: 'connecting' }
  | { status: 'connected' }
  | { status: 'token-missing' }
  | { status: 'unauthorized'; message: string }
  | { status: 'disconnected'; message: string; retryInMs: number };

/** The client plus what the shell needs to show: transport and connection state. */
export interface RendererClient extends GantryClient {
  readonly transport: 'ipc' | 'http';
  /** The desktop app's own channels (native dialogs, the app menu); absent headless. */
  readonly desktop?: DesktopBridge;
  /** Calls back at once with the current state, then on each change. */
  onConnection(listener: (state: ConnectionState) => void): () => void;
  /** Stops the push feed and timers. */
  close(): void;
}
