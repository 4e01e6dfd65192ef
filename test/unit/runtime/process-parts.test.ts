import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pickFreePort } from '../../../src/main/runtime/process/free-port';
import { LineRing } from '../../../src/main/runtime/process/line-ring';
import { PidFile } from '../../../src/main/runtime/process/pid-file';
import { cpuPercent, readProcSample } from '../../../src/main/runtime/process/proc-stats';

describe('LineRing', () => {
  it('keeps the last lines, joins fragments and truncates long lines', () => {
    const ring = new LineRing(3, 10);
    ring.write('one\ntw');
    ring.write('o\r\nthree\nfour\nfive and more than ten\npart');
    expect(ring.tail(10)).toBe('three\nfour\nfive and m…\npart');
    expect(ring.tail(1)).toBe('part');
    expect(ring.some(/four/)).toBe(true);
    expect(ring.some(/one/)).toBe(false);
  });
});

describe('PidFile', () => {
  it('round-trips entries and skips damaged lines', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gantry-pids-'));
    try {
      const file = new PidFile(dir);
      expect(await file.read()).toEqual([]);
      await file.write([{ pid: 1234, workerId: 'w1', port: 4000, startedAt: 5 }]);
      const text = readFileSync(file.path, 'utf8');
      writeFileSync(file.path, `${text}{"pid": "x"}\nnot json\n{"pid": 1, "workerId": "init"}\n`);
      expect(await file.read()).toEqual([{ pid: 1234, workerId: 'w1', port: 4000, startedAt: 5 }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('process helpers', () => {
  it('picks distinct free ports', async () => {
    const ports = await Promise.all([pickFreePort(), pickFreePort(), pickFreePort()]);
    expect(new Set(ports).size).toBe(3);
    for (const port of ports) expect(port).toBeGreaterThan(0);
  });

  it('samples this process from /proc and computes CPU between samples', async () => {
    const sample = await readProcSample(process.pid);
    expect(sample?.rssBytes).toBeGreaterThan(1024 * 1024);
    expect(sample?.ageS).toBeGreaterThan(0);
    expect(await readProcSample(2 ** 30)).toBeUndefined();

    const before = { cpuS: 1, ageS: 10, rssBytes: 0 };
    expect(cpuPercent({ cpuS: 1.5, ageS: 11, rssBytes: 0 }, before)).toBeCloseTo(50);
    expect(cpuPercent({ cpuS: 2, ageS: 4, rssBytes: 0 }, undefined)).toBeCloseTo(50);
  });
});
