import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine } from '../../../src/main/engine/create-engine';
import type { Engine } from '../../../src/main/engine/types';
import { Logger, MemorySink } from '../../../src/main/log/logger';
import type { Settings } from '../../../src/shared/settings';
import { defaultSettings } from '../../../src/shared/settings';

export interface ProcessEngine {
  engine: Engine;
  logs: MemorySink;
  dir: string;
  close(): Promise<void>;
}

/**
 * A real engine: the journal store (fsync) in a temp data directory and reference worker
 * processes through the process runtime. Loops are short so scaling shows within seconds.
 */
export async function startProcessEngine(
  overrides: Partial<Settings> = {},
): Promise<ProcessEngine> {
  const dir = mkdtempSync(join(tmpdir(), 'gantry-engine-it-'));
  const logs = new MemorySink();
  const settings: Settings = {
    ...defaultSettings(),
    // The baseline rules: these suites test the engine's mechanics, not the policy.
    policy: 'threshold',
    data: dir,
    runtime: 'process',
    minWorkers: 1,
    maxWorkers: 2,
    workerConcurrency: 4,
    workerWorkMs: 50,
    reconcileInterval: 200,
    cooldown: 300,
    retryBase: 20,
    retryMax: 200,
    startTimeout: 20_000,
    drainTimeout: 5000,
    stopGrace: 1000,
    ...overrides,
  };
  const engine = await createEngine(settings, { logger: new Logger([logs], 'info') });
  await engine.start();
  return {
    engine,
    logs,
    dir,
    async close() {
      await engine.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export { until } from '../../support/until';

export const never = new AbortController().signal;
