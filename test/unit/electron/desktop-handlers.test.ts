import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Dialogs } from '../../../src/main/electron/desktop-handlers';
import { desktopHandlers } from '../../../src/main/electron/desktop-handlers';
import type { Invoke } from '../../../src/main/electron/invoke';
import { inProcessInvoke } from '../../../src/main/electron/invoke';
import { Logger } from '../../../src/main/log/logger';
import { FakeEngine } from '../api/fake-engine';

class ScriptedDialogs implements Dialogs {
  readonly asked: Array<{ defaultName: string; extension: string }> = [];

  constructor(private readonly answer: string | undefined) {}

  async chooseSavePath(defaultName: string, extension: string): Promise<string | undefined> {
    this.asked.push({ defaultName, extension });
    return this.answer;
  }

  async chooseTraceFile(): Promise<string | undefined> {
    return this.answer;
  }
}

const logger = new Logger([]);

/** The fake engine, with an export that answers its content as the headless host does. */
function exportingEngine(): Invoke {
  const engine = new FakeEngine();
  return inProcessInvoke(
    {
      ...engine.handlers,
      'events.export': async (input) => ({
        filename: `gantry-events.${input.format}`,
        contentType: 'application/x-ndjson',
        count: 2,
        content: '{"seq":1}\n{"seq":2}\n',
      }),
    },
    logger,
  );
}

describe('desktopHandlers', () => {
  it('saves an export where the user chose and answers savedTo without the content', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gantry-export-'));
    const target = join(dir, 'events.jsonl');
    const dialogs = new ScriptedDialogs(target);
    const { invoke } = desktopHandlers(exportingEngine(), dialogs, logger);

    const answer = await invoke('events.export', { format: 'jsonl' });

    expect(answer).toEqual({
      ok: true,
      value: {
        filename: 'gantry-events.jsonl',
        contentType: 'application/x-ndjson',
        count: 2,
        savedTo: target,
      },
    });
    expect(readFileSync(target, 'utf8')).toBe('{"seq":1}\n{"seq":2}\n');
    expect(dialogs.asked).toEqual([{ defaultName: 'gantry-events.jsonl', extension: 'jsonl' }]);
  });

  it('answers neither content nor savedTo when the user cancels', async () => {
    const { invoke } = desktopHandlers(exportingEngine(), new ScriptedDialogs(undefined), logger);

    const answer = await invoke('events.export', { format: 'csv' });

    expect(answer).toEqual({
      ok: true,
      value: { filename: 'gantry-events.csv', contentType: 'application/x-ndjson', count: 2 },
    });
  });

  it('passes a bad export input through as the engine answered it, without a dialog', async () => {
    const dialogs = new ScriptedDialogs('/never');
    const { invoke } = desktopHandlers(exportingEngine(), dialogs, logger);

    const answer = await invoke('events.export', { format: 'xml' });

    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'format' } });
    expect(dialogs.asked).toEqual([]);
  });

  it('answers unavailable, naming the path, when the file cannot be written', async () => {
    const target = join(mkdtempSync(join(tmpdir(), 'gantry-export-')), 'missing-dir', 'events.csv');
    const { invoke } = desktopHandlers(exportingEngine(), new ScriptedDialogs(target), logger);

    const answer = await invoke('events.export', { format: 'csv' });

    expect(answer).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(JSON.stringify(answer)).toContain(target);
  });

  it('leaves every other channel to the engine', async () => {
    const { invoke } = desktopHandlers(exportingEngine(), new ScriptedDialogs(undefined), logger);

    await expect(invoke('queue.enqueue', [{ payload: 1 }])).resolves.toEqual({
      ok: true,
      value: { ids: ['t1'] },
    });
  });

  it('answers the chosen trace file, or null when canceled', async () => {
    const chosen = desktopHandlers(
      exportingEngine(),
      new ScriptedDialogs('/data/traces/burst.csv'),
      logger,
    );
    const canceled = desktopHandlers(exportingEngine(), new ScriptedDialogs(undefined), logger);

    await expect(chosen.desktop['desktop.openTraceFile'](undefined)).resolves.toEqual({
      path: '/data/traces/burst.csv',
      name: 'burst.csv',
    });
    await expect(canceled.desktop['desktop.openTraceFile'](undefined)).resolves.toBeNull();
  });
});
