import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Result } from '../../shared/api/errors';
import { GantryError } from '../../shared/api/errors';
import type { EventExport } from '../../shared/api/contract/events';
import type { Logger } from '../log/logger';
import { toErrorBody } from '../api/errors';
import type { Invoke, Overrides } from './invoke';
import { withOverrides } from './invoke';
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
 * What differs in the desktop app: `events.export` asks where to save and writes the file
 * there (answering `savedTo` without the content, which need not cross IPC; neither when the
 * user cancels), and the desktop-only channels (the trace file dialog).
 */
export function desktopHandlers(
  invoke: Invoke,
  dialogs: Dialogs,
  logger: Logger,
  write: WriteText = writeText,
): { invoke: Invoke; desktop: DesktopHandlers } {
  const overrides: Overrides = {
    'events.export': async (raw): Promise<Result<EventExport>> => {
      const exported = await invoke('events.export', raw);
      if (!exported.ok) return exported;
      const { content, savedTo: _ignored, ...summary } = exported.value;
      const extension = exported.value.filename.split('.').pop() ?? 'txt';
      let path: string | undefined;
      try {
        path = await dialogs.chooseSavePath(exported.value.filename, extension);
      } catch (error) {
        return { ok: false, error: toErrorBody(error, logger.child('export')) };
      }
      if (path === undefined) return { ok: true, value: summary };
      try {
        await write(path, content ?? '');
      } catch (error) {
        // A full disk or a read-only folder is the user's to fix: say where and why.
        const reason = error instanceof Error ? error.message : String(error);
        return {
          ok: false,
          error: new GantryError('unavailable', `could not save ${path}: ${reason}`).toBody(),
        };
      }
      return { ok: true, value: { ...summary, savedTo: path } };
    },
  };
  const desktop: DesktopHandlers = {
    'desktop.openTraceFile': async () => {
      const path = await dialogs.chooseTraceFile();
      return path === undefined ? null : { path, name: basename(path) };
    },
  };
  return { invoke: withOverrides(invoke, overrides), desktop };
}
