import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Handlers } from '../../shared/api/contract';
import type { DesktopHandlers } from './ipc';

/** Native dialogs, parented to the app window; tests pass a fake. */
export interface Dialogs {
  /** The path the user chose to save `defaultName` to; undefined when canceled. */
  chooseSavePath(defaultName: string, extension: string): Promise<string | undefined>;
  /** The trace CSV the user chose; undefined when canceled. */
  chooseTraceFile(): Promise<string | undefined>;
}

export type WriteText = (path: string, text: string) => Promise<void>;

const writeText: WriteText = (path, text) => writeFile(path, text, 'utf8');

/**
 * The engine's handlers with what differs in the desktop app: `events.export` asks where to
 * save and writes the file there (answering `savedTo`, without the content, which need not
 * cross IPC; neither when the user cancels).
 */
export function desktopHandlers(
  engine: Handlers,
  dialogs: Dialogs,
  write: WriteText = writeText,
): { handlers: Handlers; desktop: DesktopHandlers } {
  const handlers: Handlers = {
    ...engine,
    'events.export': async (input) => {
      const exported = await engine['events.export'](input);
      const { content, savedTo: _ignored, ...summary } = exported;
      const path = await dialogs.chooseSavePath(exported.filename, input.format);
      if (path === undefined) return summary;
      await write(path, content ?? '');
      return { ...summary, savedTo: path };
    },
  };
  const desktop: DesktopHandlers = {
    'desktop.openTraceFile': async () => {
      const path = await dialogs.chooseTraceFile();
      return path === undefined ? null : { path, name: basename(path) };
    },
  };
  return { handlers, desktop };
}
