import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemorySink, Logger } from '../../../src/main/log/logger';
import { ProcessRuntime } from '../../../src/main/runtime/process/process-runtime';
import type { WorkerHandle } from '../../../src/main/runtime/runtime';
import { defaultSettings, type Settings } from '../../../src/shared/settings';
import { waitFor } from '../worker/spawn-worker';

export interface RuntimeFixture {
  runtime: ProcessRuntime;
  dataDir: string;
  sink: MemorySink;
  handles: WorkerHandle[];
  instanceId: string;
  cleanup(): Promise<void>;
}

/** A process runtime over its own temporary data directory. */
export function makeRuntime(overrides: Partial<Settings> = {}): RuntimeFixture {
  const dataDir = mkdtempSync(join(tmpdir(), 'gantry-process-'));
  const sink = new MemorySink();
  const settings: Settings = { ...defaultSettings(), ...overrides };
  const instanceId = `test-${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
  const logger = new Logger([sink], 'debug');
  const runtime = new ProcessRuntime(settings, logger, { dataDir, instanceId });
  const handles: WorkerHandle[] = [];
  return {
    runtime,
    dataDir,
    sink,
    handles,
    instanceId,
    async cleanup() {
      for (const handle of handles) await runtime.stop(handle, 500);
      await runtime.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Polls the worker's health check until it answers 200. */
export async function waitHealthy(handle: WorkerHandle, timeoutMs = 10_000): Promise<void> {
  await waitFor(async () => {
    try {
      return (await fetch(`http://${handle.address}/healthz`)).status === 200;
    } catch {
      return false;
    }
  }, timeoutMs);
}
