import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EventBus } from '../../../src/main/engine/event-bus';
import { csvField, EventLog, eventsToCsv } from '../../../src/main/engine/event-log';
import { silentLogger } from '../../../src/main/log/logger';
import type { GantryEvent } from '../../../src/shared/events';

/** A minimal RFC 4180 reader, to check the export parses back to the same cells. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  return rows;
}

describe('EventLog', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  function setup() {
    const dir = mkdtempSync(join(tmpdir(), 'gantry-events-'));
    dirs.push(dir);
    let clock = Date.UTC(2026, 0, 1, 12, 0, 0);
    const bus = new EventBus(() => clock);
    const log = new EventLog({ path: join(dir, 'events.jsonl'), logger: silentLogger() });
    bus.subscribe((event) => log.append(event));
    const tick = (ms: number) => (clock += ms);
    return { dir, bus, log, tick, start: clock };
  }

  it('stamps increasing seq and keeps events oldest first', () => {
    const { bus, log, tick } = setup();
    for (let i = 0; i < 5; i++) {
      bus.publish({ type: 'notice', level: 'info', message: `n${i}`, topic: 'engine' });
      tick(1000);
    }
    const events = log.list({ limit: 1000 });
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(log.list({ limit: 2 }).map((e) => e.message)).toEqual(['n3', 'n4']);
  });

  it('filters by type and time range', () => {
    const { bus, log, tick, start } = setup();
    bus.publish({ type: 'notice', level: 'info', message: 'a', topic: 'queue' });
    tick(10_000);
    bus.publish({ type: 'runtime-error', level: 'warn', message: 'b', code: 'x' });
    tick(10_000);
    bus.publish({ type: 'notice', level: 'info', message: 'c', topic: 'queue' });
    expect(log.list({ types: ['notice'], limit: 10 }).map((e) => e.message)).toEqual(['a', 'c']);
    const ranged = log.list({ from: start + 5000, to: start + 15_000, limit: 10 });
    expect(ranged.map((e) => e.message)).toEqual(['b']);
  });

  it('exports valid JSON Lines for a time range, including what is still buffered', async () => {
    const { bus, log, tick, start } = setup();
    for (let i = 0; i < 10; i++) {
      bus.publish({ type: 'notice', level: 'info', message: `m${i}`, topic: 'engine' });
      tick(1000);
    }
    const out = await log.export('jsonl', start + 2000, start + 5000);
    expect(out.contentType).toBe('application/x-ndjson');
    expect(out.filename).toMatch(/\.jsonl$/);
    const lines = (out.content ?? '').trimEnd().split('\n');
    const parsed = lines.map((line) => JSON.parse(line) as GantryEvent);
    expect(parsed.map((e) => e.message)).toEqual(['m2', 'm3', 'm4', 'm5']);
    expect(out.count).toBe(4);
    await log.close();
  });

  it('exports CSV with quoting that round-trips commas, quotes and line breaks', async () => {
    const { bus, log } = setup();
    const message = 'worker w1 failed: "exit 1", see\nline two';
    bus.publish({ type: 'runtime-error', level: 'warn', message, code: 'worker_exit' });
    const out = await log.export('csv');
    expect(out.contentType).toBe('text/csv');
    const rows = parseCsv(out.content ?? '');
    expect(rows[0]).toEqual(['ts', 'seq', 'type', 'level', 'message', 'details']);
    expect(rows).toHaveLength(2);
    const [ts, seq, type, level, text, details] = rows[1] ?? [];
    expect(ts).toBe('2026-01-01T12:00:00.000Z');
    expect([seq, type, level, text]).toEqual(['1', 'runtime-error', 'warn', message]);
    expect(JSON.parse(details ?? '')).toEqual({ code: 'worker_exit' });
  });

  it('appends to the file in batches and reads older runs back for export', async () => {
    const { dir, bus, log } = setup();
    bus.publish({ type: 'notice', level: 'info', message: 'first run', topic: 'engine' });
    await log.close();
    const text = readFileSync(join(dir, 'events.jsonl'), 'utf8');
    expect(text.trim().split('\n')).toHaveLength(1);
    const again = new EventLog({ path: join(dir, 'events.jsonl'), logger: silentLogger() });
    const out = await again.export('jsonl');
    expect(out.count).toBe(1);
  });

  it('quotes only fields that need it', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(eventsToCsv([])).toBe('ts,seq,type,level,message,details\r\n');
  });
});
