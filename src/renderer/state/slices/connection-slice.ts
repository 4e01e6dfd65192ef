import type { StateCreator } from 'zustand/vanilla';
import type { ConnectionState } from '../../client/types';
import type { GantryState } from '../store';

/** How the window reaches the engine, for the status bar and the "not connected" screen. */
export interface ConnectionSlice {
  connection: ConnectionState;
  transport: 'ipc' | 'http';
  setConnection(connection: ConnectionState, transport: 'ipc' | 'http'): void;
}

export const createConnectionSlice: StateCreator<GantryState, [], [], ConnectionSlice> = (set) => ({
  connection: { status: 'connecting' },
  transport: 'http',
  setConnection: (connection, transport) => set({ connection, transport }),
});
