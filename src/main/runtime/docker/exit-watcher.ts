import { setTimeout as delay } from 'node:timers/promises';
import type Dockerode from 'dockerode';
import type { Logger } from '../../log/logger';
import type { WorkerExit } from '../runtime';
import { describeEndpoint, engineError } from './engine-errors';
import { readJsonLines } from './json-lines';
import { LABELS } from './labels';
import { RecentSet } from './recent-set';

/** A worker exit with the container it came from. */
export interface ContainerExit extends WorkerExit {
  containerId: string;
}

export interface ExitWatcherOptions {
  docker: Dockerode;
  instanceId: string;
  logger: Logger;
  onExit: (exit: ContainerExit) => void;
  /** True for containers gantry is stopping itself: their exits are not news. */
  isExpected: (containerId: string) => boolean;
  /** Reconnect backoff: full jitter between 0 and min(maxMs, baseMs * 2^failures). */
  backoff?: { baseMs: number; maxMs: number };
  /** A stream that lived this long resets the backoff. */
  healthyAfterMs?: number;
  random?: () => number;
  now?: () => number;
}

interface EngineEvent {
  Type?: string;
  Action?: string;
  id?: string;
  time?: number;
  timeNano?: number;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
}

/**
 * The pause before reconnecting after `failures` broken streams in a row: full jitter up to
 * min(maxMs, baseMs × 2^failures). With 250 ms and 15 s: up to 0.5 s after the first
 * failure, 1 s, 2 s, ... and never more than 15 s, however long the engine stays away.
 */
export function reconnectDelayMs(
  failures: number,
  backoff: { baseMs: number; maxMs: number },
  random: () => number,
): number {
  const cap = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.min(failures, 20));
  return Math.round(random() * cap);
}

/** Why a container died, in the words the event log shows. */
export function exitReason(exitCode: number | undefined, oomKilled: boolean): string {
  if (oomKilled) return 'out of memory';
  if (exitCode === 137) return 'killed (SIGKILL)';
  if (exitCode === 143) return 'terminated (SIGTERM)';
  return exitCode === undefined ? 'exited' : `exited with code ${exitCode}`;
}

/**
 * Follows the engine's event stream for this instance's containers (`die`, `oom`,
 * `destroy`) and reports each container that ends on its own, once. When the stream breaks
 * (engine restart, network), it reconnects with capped, jittered backoff and asks for events
 * since the last one seen, so an exit during the gap is still reported.
 */
export class ExitWatcher {
  private readonly abort = new AbortController();
  private stream: NodeJS.ReadableStream | undefined;
  private readonly seen = new RecentSet(4096);
  private readonly reported = new RecentSet(4096);
  private readonly oomKilled = new RecentSet(1024);
  private sinceSec: number;
  private loop: Promise<void> | undefined;
  private readonly now: () => number;

  constructor(private readonly options: ExitWatcherOptions) {
    this.now = options.now ?? Date.now;
    this.sinceSec = Math.floor(this.now() / 1000);
  }

  /** Starts following; idempotent. */
  start(): void {
    this.loop ??= this.run();
  }

  /** Stops following and waits for the loop to end. */
  async dispose(): Promise<void> {
    this.abort.abort();
    const stream = this.stream as (NodeJS.ReadableStream & { destroy?: () => void }) | undefined;
    stream?.destroy?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    const { docker, instanceId, logger } = this.options;
    const backoff = this.options.backoff ?? { baseMs: 250, maxMs: 15_000 };
    const healthyAfterMs = this.options.healthyAfterMs ?? 10_000;
    const random = this.options.random ?? Math.random;
    let failures = 0;
    await this.alignClock();
    while (!this.abort.signal.aborted) {
      const connectedAt = this.now();
      try {
        const stream = await docker.getEvents({
          since: this.sinceSec,
          filters: {
            type: ['container'],
            label: [`${LABELS.instance}=${instanceId}`],
            event: ['die', 'oom', 'destroy'],
          },
        });
        this.stream = stream;
        if (this.abort.signal.aborted) break;
        logger.debug('following container events', { since: this.sinceSec, failures });
        await readJsonLines(
          stream,
          (value) => this.handle(value as EngineEvent),
          (line) => logger.warn('unreadable engine event', { line: line.slice(0, 200) }),
        );
        if (this.abort.signal.aborted) break;
        logger.warn('container event stream ended; reconnecting');
      } catch (error) {
        if (this.abort.signal.aborted) break;
        const reason = engineError(error, describeEndpoint(docker), 'container events').message;
        logger.warn('container event stream failed; reconnecting', { error: reason, failures });
      }
      failures = this.now() - connectedAt >= healthyAfterMs ? 1 : failures + 1;
      const wait = reconnectDelayMs(failures, backoff, random);
      await delay(wait, undefined, { signal: this.abort.signal }).catch(
        () => undefined,
      );
    }
  }

  /**
   * Events are filtered by the engine's clock: a remote engine's may differ from ours, so
   * the first `since` is the engine's own time.
   */
  private async alignClock(): Promise<void> {
    try {
      const info = (await this.options.docker.info()) as { SystemTime?: unknown };
      const engineNow = typeof info.SystemTime === 'string' ? Date.parse(info.SystemTime) : NaN;
      if (Number.isFinite(engineNow)) this.sinceSec = Math.floor(engineNow / 1000);
    } catch {
      // The loop below reports an unreachable engine; our clock is the fallback.
    }
  }

  private handle(event: EngineEvent): void {
    const id = event.Actor?.ID ?? event.id;
    const attributes = event.Actor?.Attributes ?? {};
    if (event.Type !== undefined && event.Type !== 'container') return;
    if (id === undefined || attributes[LABELS.instance] !== this.options.instanceId) return;
    const action = event.Action ?? '';
    const nanos = event.timeNano ?? (event.time ?? 0) * 1e9;
    const key = `${id}:${action}:${nanos}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    // Reconnect asks from the last second seen; duplicates within it are dropped above.
    this.sinceSec = Math.max(this.sinceSec, Math.floor(nanos / 1e9));

    if (action === 'oom') {
      this.oomKilled.add(id);
      return;
    }
    if (action !== 'die' && action !== 'destroy') return;
    if (this.reported.has(id) || this.options.isExpected(id)) return;
    this.reported.add(id);
    const workerId = attributes[LABELS.workerId] ?? id.slice(0, 12);
    const code = attributes.exitCode === undefined ? undefined : Number(attributes.exitCode);
    const exitCode = Number.isFinite(code) ? code : undefined;
    const reason =
      action === 'destroy' ? 'container removed' : exitReason(exitCode, this.oomKilled.has(id));
    this.options.logger.warn('worker container ended on its own', {
      workerId,
      containerId: id.slice(0, 12),
      reason,
    });
    this.options.onExit({ workerId, containerId: id, reason, exitCode });
  }
}
