import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine } from '../../../src/main/engine/create-engine';
import type { Engine } from '../../../src/main/engine/types';
import { Logger, MemorySink } from '../../../src/main/log/logger';
import { MemoryStore } from '../../../src/main/queue/memory-store';
import type { Settings } from '../../../src/shared/settings';
import { defaultSettings } from '../../../src/shared/settings';
import type { TaskBehaviour } from './fake-runtime';
import { InProcessRuntime, until } from './fake-runtime';

export interface Harness {
  engine: Engine;
  runtime: InProcessRuntime;
  store: MemoryStore;
  logs: MemorySink;
  dir: string;
  persisted: Settings[];
  close(): Promise<void>;
}

/** Fast settings for tests: short loops, small backoff, one worker kept. */
export function testSettings(dir: string, overrides: Partial<Settings> = {}): Settings {
  return {
    ...defaultSettings(),
    // The baseline rules: these suites test the engine's mechanics, not the policy.
    policy: 'threshold',
    data: dir,
    runtime: 'process',
    minWorkers: 1,
    maxWorkers: 1,
    workerConcurrency: 4,
    reconcileInterval: 50,
    cooldown: 0,
    retryBase: 10,
    retryMax: 40,
    startTimeout: 5000,
    drainTimeout: 2000,
    stopGrace: 200,
    ...overrides,
  };
}

/** An engine on a memory store with in-process workers, started and with a worker ready. */
export async function startHarness(
  behaviour?: TaskBehaviour,
  overrides: Partial<Settings> = {},
  dataDir?: string,
): Promise<Harness> {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'gantry-engine-'));
  const runtime = new InProcessRuntime(behaviour);
  const store = new MemoryStore();
  const logs = new MemorySink();
  const persisted: Settings[] = [];
  const engine = await createEngine(testSettings(dir, overrides), {
    logger: new Logger([logs], 'debug'),
    store,
    runtime,
    persistSettings: async (s) => {
      persisted.push(s);
    },
    tuning: { livenessIntervalMs: 50 },
  });
  await engine.start();
  const wanted = overrides.minWorkers ?? 1;
  await until(() => engine.snapshot().autoscaler.workers.ready >= wanted, 10_000, 'workers ready');
  return {
    engine,
    runtime,
    store,
    logs,
    dir,
    persisted,
    async close() {
      await engine.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
