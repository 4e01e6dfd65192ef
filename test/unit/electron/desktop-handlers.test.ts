import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Dialogs } from '../../../src/main/electron/desktop-handlers';
import { desktopHandlers } from '../../../src/main/electron/desktop-handlers';
import type { Handlers } from '../../../src/shared/api/contract';
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

function exportingEngine(): Handlers {
  return {
    ...new FakeEngine().handlers,
    'events.export': async (input) => ({
      filename: `gantry-events.${input.format}`,
      contentType: 'application/x-ndjson',
      count: 2,
      content: '{"seq":1}\n{"seq":2}\n',
    }),
  };
}

describe('desktopHandlers', () => {
  it('saves an export where the user chose and answers savedTo without the content', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gantry-export-'));
    const target = join(dir, 'events.jsonl');
    const dialogs = new ScriptedDialogs(target);
    const { handlers } = desktopHandlers(exportingEngine(), dialogs);

    const answer = await handlers['events.export']({ format: 'jsonl' });

    expect(answer).toEqual({
      filename: 'gantry-events.jsonl',
      contentType: 'application/x-ndjson',
      count: 2,
      savedTo: target,
    });
    expect(readFileSync(target, 'utf8')).toBe('{"seq":1}\n{"seq":2}\n');
    expect(dialogs.asked).toEqual([{ defaultName: 'gantry-events.jsonl', extension: 'jsonl' }]);
  });

  it('answers neither content nor savedTo when the user cancels', async () => {
    const { handlers } = desktopHandlers(exportingEngine(), new ScriptedDialogs(undefined));

    const answer = await handlers['events.export']({ format: 'csv' });

    expect(answer).toEqual({ filename: 'gantry-events.csv', contentType: 'application/x-ndjson', count: 2 });
  });

  it('keeps every other engine handler as it is', () => {
    const engine = exportingEngine();
    const { handlers } = desktopHandlers(engine, new ScriptedDialogs(undefined));

    expect(handlers['queue.enqueue']).toBe(engine['queue.enqueue']);
  });

  it('answers the chosen trace file, or null when canceled', async () => {
    const chosen = desktopHandlers(exportingEngine(), new ScriptedDialogs('/data/traces/burst.csv'));
    const canceled = desktopHandlers(exportingEngine(), new ScriptedDialogs(undefined));

    await expect(chosen.desktop['desktop.openTraceFile'](undefined)).resolves.toEqual({
      path: '/data/traces/burst.csv',
      name: 'burst.csv',
    });
    await expect(canceled.desktop['desktop.openTraceFile'](undefined)).resolves.toBeNull();
  });
});
