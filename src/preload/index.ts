import { contextBridge, ipcRenderer } from 'electron';
import { buildBridge } from './bridge';

// The page gets `window.gantry` and nothing else: no ipcRenderer, no Node.
contextBridge.exposeInMainWorld('gantry', buildBridge(ipcRenderer));
