import type { BrowserWindow, Dialog } from 'electron';
import type { Dialogs } from './desktop-handlers';

/** Electron's dialogs, modal to `window()` when it is open. */
export function electronDialogs(dialog: Dialog, window: () => BrowserWindow | undefined): Dialogs {
  return {
    async chooseSavePath(defaultName, extension) {
      const options = {
        title: 'Export events',
        defaultPath: defaultName,
        filters: [{ name: extension.toUpperCase(), extensions: [extension] }],
      };
      const parent = window();
      const result = parent
        ? await dialog.showSaveDialog(parent, options)
        : await dialog.showSaveDialog(options);
      return result.canceled || result.filePath === '' ? undefined : result.filePath;
    },
    async chooseTraceFile() {
      const options = {
        title: 'Open a trace',
        properties: ['openFile' as const],
        filters: [{ name: 'Trace CSV', extensions: ['csv', 'txt'] }],
      };
      const parent = window();
      const result = parent
        ? await dialog.showOpenDialog(parent, options)
        : await dialog.showOpenDialog(options);
      return result.canceled ? undefined : result.filePaths[0];
    },
  };
}
