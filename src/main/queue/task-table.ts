import { GantryError } from '../../shared/api/errors';
import type { Task, TaskCounts, TaskState } from '../../shared/tasks';
import { emptyCounts, TASK_STATES } from '../../shared/tasks';
import { EntryList, type Linked } from './entry-list';
import { IdGenerator } from './ids';
import { parseLease } from './lease-token';
import { MinHeap } from './min-heap';
import type { NewTask, QueueRecord } from './records';
import { SkipList } from './skip-list';
import type { ListQuery, StaleReason } from './store';

/** How many finished tasks (succeeded, dead, canceled) stay readable, and for how long. */
export interface Retention {
  maxFinished: number;
  maxFinishedAgeMs: number;
}

export const DEFAULT_RETENTION: Retention = {
  maxFinished: 10_000,
  maxFinishedAgeMs: 24 * 3_600_000,
};

/** A task with its lease bookkeeping; also the form a snapshot stores. */
export interface SnapshotEntry {
  task: Task;
  /** Nonce of the latest lease; kept after it ends so late reports can be told apart. */
  nonce?: string;
  /** Expiry of the current lease while running. */
  expiresAt?: number;
}

interface Entry extends SnapshotEntry, Linked {}

/** A heap item: a due time and the task it belongs to. Stale items are skipped lazily. */
interface Timed {
  at: number;
  id: string;
  nonce?: string;
}

const CANCELABLE: ReadonlySet<TaskState> = new Set(['scheduled', 'queued', 'running']);

const earlier = (a: Timed, b: Timed): boolean => a.at < b.at || (a.at === b.at && a.id < b.id);

/** Raised when a record does not fit the state it is applied to (a damaged history or a bug). */
export class RecordMismatchError extends Error {
  override readonly name = 'RecordMismatchError';
}

/**
 * The queue's state machine and indexes, shared by every store. Mutations happen only
 * through `apply(record)`, so the memory store and the journal store (and journal replay)
 * run the same code. Every operation is O(1) or O(log n) except purge and recovery, which
 * touch each affected task once.
 */
export class TaskTable {
  readonly ids = new IdGenerator();
  private readonly entries = new Map<string, Entry>();
  private readonly byKey = new Map<string, string>();
  /** Queued tasks in lease order. */
  private readonly queue = new EntryList<Entry>();
  /** Finished tasks in the order they finished, for retention. */
  private readonly finished = new EntryList<Entry>();
  /** Scheduled tasks by `runAt` (new, or waiting out a retry backoff). */
  private readonly due = new MinHeap<Timed>(earlier);
  private readonly leases = new MinHeap<Timed>(earlier);
  private readonly all = new SkipList<Entry>();
  private readonly byState = Object.fromEntries(
    TASK_STATES.map((s) => [s, new SkipList<Entry>()]),
  ) as Record<TaskState, SkipList<Entry>>;
  private readonly stateCounts = emptyCounts();

  constructor(private readonly retention: Retention = DEFAULT_RETENTION) {}

  get size(): number {
    return this.entries.size;
  }

  get(id: string): Task | undefined {
    const e = this.entries.get(id);
    return e ? copy(e.task) : undefined;
  }

  /** The live state of a task, for decisions made before writing a record. */
  stateOf(id: string): TaskState | undefined {
    return this.entries.get(id)?.task.state;
  }

  /** Newest first; the cursor is opaque (the base64url of the last id returned). */
  list(query: ListQuery): { tasks: Task[]; nextCursor?: string } {
    const index = query.state ? this.byState[query.state] : this.all;
    const before = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    const { values, more } = index.page(Math.max(0, Math.floor(query.limit)), before);
    const tasks = values.map((e) => copy(e.task));
    const last = tasks[tasks.length - 1];
    return more && last ? { tasks, nextCursor: encodeCursor(last.id) } : { tasks };
  }

  counts(): TaskCounts {
    return { ...this.stateCounts };
  }

  nextDueAt(): number | undefined {
    return this.validTop(this.due, (e, t) => e.task.state === 'scheduled' && e.task.runAt === t.at)
      ?.at;
  }

  oldestQueuedAgeMs(now: number): number {
    let since = this.queue.first()?.task.runAt;
    const next = this.nextDueAt();
    if (next !== undefined && next <= now) since = Math.min(since ?? next, next);
    return since === undefined ? 0 : Math.max(0, now - since);
  }

  /**
   * The ids an enqueue answers, in the order of the specs, and the record creating the new
   * ones (undefined when every spec matched a known idempotency key).
   */
  planEnqueue(
    specs: Array<{
      payload: unknown;
      maxAttempts: number;
      timeoutMs: number;
      runAt?: number;
      idempotencyKey?: string;
    }>,
    now: number,
  ): { ids: string[]; record?: QueueRecord } {
    const fresh: NewTask[] = [];
    const ids: string[] = [];
    const batchKeys = new Map<string, string>();
    for (const spec of specs) {
      const key = spec.idempotencyKey;
      const known = key === undefined ? undefined : (this.byKey.get(key) ?? batchKeys.get(key));
      if (known !== undefined) {
        ids.push(known);
        continue;
      }
      const task: NewTask = {
        id: this.ids.next(now),
        payload: spec.payload,
        maxAttempts: spec.maxAttempts,
        timeoutMs: spec.timeoutMs,
        runAt: spec.runAt ?? now,
      };
      if (key !== undefined) {
        task.idempotencyKey = key;
        batchKeys.set(key, task.id);
      }
      fresh.push(task);
      ids.push(task.id);
    }
    return fresh.length ? { ids, record: { t: 'enqueue', now, tasks: fresh } } : { ids };
  }

  /** Promotes due scheduled tasks and answers the id a lease would take. */
  nextLeasable(now: number): string | undefined {
    this.promoteDue(now);
    return this.queue.first()?.task.id;
  }

  /** The id of the running task the token's lease holds, or why the token is refused. */
  checkLease(token: string): string | StaleReason {
    const lease = parseLease(token);
    if (!lease) return 'stale_lease';
    const e = this.entries.get(lease.id);
    if (!e) return 'unknown_task';
    if (e.nonce !== lease.nonce || e.task.attempt !== lease.attempt) return 'stale_lease';
    if (e.task.state !== 'running') return 'not_running';
    return lease.id;
  }

  hasExpiredLeases(now: number): boolean {
    const top = this.validTop(this.leases, (e, t) => isLeaseItem(e, t));
    return top !== undefined && top.at <= now;
  }

  /** Applies one record; answers the tasks it changed (live objects: copy before handing out). */
  apply(r: QueueRecord): Task[] {
    this.promoteDue(r.now);
    const changed = this.applyRecord(r);
    this.prune(r.now);
    return changed;
  }

  /**
   * Every task with its bookkeeping, in an order `restore` rebuilds the indexes from. Cheap
   * and safe to keep: task objects are replaced, never changed, once the table holds them.
   */
  captureEntries(): SnapshotEntry[] {
    const out: SnapshotEntry[] = [];
    const add = (e: Entry): void => {
      const s: SnapshotEntry = { task: e.task };
      if (e.nonce !== undefined) s.nonce = e.nonce;
      if (e.expiresAt !== undefined) s.expiresAt = e.expiresAt;
      out.push(s);
    };
    this.byState.scheduled.forEach(add);
    this.byState.running.forEach(add);
    this.queue.forEach(add);
    this.finished.forEach(add);
    return out;
  }

  /** Adds one entry read from a snapshot (entries arrive in `exportEntries` order). */
  restore(s: SnapshotEntry): void {
    const e: Entry = { ...s, prev: undefined, next: undefined, list: undefined };
    this.insert(e);
    const t = e.task;
    if (t.state === 'scheduled') this.due.push({ at: t.runAt, id: t.id });
    else if (t.state === 'queued') this.queue.pushBack(e);
    else if (t.state === 'running') {
      this.leases.push({ at: e.expiresAt ?? 0, id: t.id, nonce: e.nonce });
    }
    else this.finished.pushBack(e);
  }

  private applyRecord(r: QueueRecord): Task[] {
    switch (r.t) {
      case 'enqueue':
        return r.tasks.map((n) => this.create(n, r.now));
      case 'lease':
        return [this.lease(r)];
      case 'complete': {
        const e = this.expect(r.id, 'running', r.t);
        e.task.result = r.result;
        delete e.task.error;
        this.finish(e, 'succeeded', r.now);
        return [e.task];
      }
      case 'fail':
        return [this.fail(r)];
      case 'release': {
        const e = this.expect(r.id, 'running', r.t);
        e.task.attempt = Math.max(0, e.task.attempt - 1);
        delete e.expiresAt;
        this.setState(e, 'queued');
        this.queue.pushFront(e);
        return [e.task];
      }
      case 'expire':
        return this.loseLeases(this.expiredAt(r.now), r.now, 'lease expired');
      case 'recover':
        return this.loseLeases([...this.byState.running.values()], r.now, 'engine stopped');
      case 'cancel': {
        const e = this.expect(r.id, undefined, r.t);
        if (!CANCELABLE.has(e.task.state)) throw mismatch(r.t, e);
        this.queue.remove(e);
        this.finish(e, 'canceled', r.now);
        return [e.task];
      }
      case 'retry':
        return [this.retry(r.id, r.now)];
      case 'purge':
        return this.purge(r.now);
    }
  }

  private create(n: NewTask, now: number): Task {
    if (this.entries.has(n.id)) throw new RecordMismatchError(`task ${n.id} is enqueued twice`);
    const state: TaskState = n.runAt > now ? 'scheduled' : 'queued';
    const task: Task = {
      id: n.id,
      payload: n.payload,
      state,
      attempt: 0,
      maxAttempts: n.maxAttempts,
      timeoutMs: n.timeoutMs,
      runAt: n.runAt,
      createdAt: now,
    };
    if (n.idempotencyKey !== undefined) task.idempotencyKey = n.idempotencyKey;
    const e: Entry = { task, prev: undefined, next: undefined, list: undefined };
    this.insert(e);
    if (state === 'scheduled') this.due.push({ at: n.runAt, id: n.id });
    else this.queue.pushBack(e);
    return task;
  }

  private lease(r: Extract<QueueRecord, { t: 'lease' }>): Task {
    const e = this.expect(r.id, 'queued', r.t);
    const t = e.task;
    this.queue.remove(e);
    t.attempt++;
    t.startedAt = r.now;
    if (r.workerId === undefined) delete t.workerId;
    else t.workerId = r.workerId;
    e.nonce = r.nonce;
    e.expiresAt = r.expiresAt;
    this.setState(e, 'running');
    this.leases.push({ at: r.expiresAt, id: t.id, nonce: r.nonce });
    return t;
  }

  private fail(r: Extract<QueueRecord, { t: 'fail' }>): Task {
    const e = this.expect(r.id, 'running', r.t);
    const t = e.task;
    t.error = r.error;
    delete e.expiresAt;
    if (!r.retryable || t.attempt >= t.maxAttempts) {
      this.finish(e, 'dead', r.now);
      return t;
    }
    const delay = Math.max(0, r.delayMs);
    t.runAt = r.now + delay;
    if (delay > 0) {
      this.setState(e, 'scheduled');
      this.due.push({ at: t.runAt, id: t.id });
    } else {
      this.setState(e, 'queued');
      this.queue.pushBack(e);
    }
    return t;
  }

  private retry(id: string, now: number): Task {
    const e = this.expect(id, undefined, 'retry');
    const t = e.task;
    if (t.state !== 'dead' && t.state !== 'canceled') throw mismatch('retry', e);
    this.finished.remove(e);
    t.attempt = 0;
    t.runAt = now;
    delete t.error;
    delete t.result;
    delete t.startedAt;
    delete t.finishedAt;
    this.setState(e, 'queued');
    this.queue.pushBack(e);
    return t;
  }

  private purge(now: number): Task[] {
    const victims = [...this.queue, ...this.byState.scheduled.values()];
    for (const e of victims) {
      this.queue.remove(e);
      this.finish(own(e), 'canceled', now);
    }
    this.due.clear();
    return victims.map((e) => e.task);
  }

  /** Requeues tasks whose lease is gone, oldest lease first at the head of the queue. */
  private loseLeases(lost: Entry[], now: number, why: string): Task[] {
    for (let i = lost.length - 1; i >= 0; i--) {
      const e = own(lost[i] as Entry);
      const t = e.task;
      delete e.expiresAt;
      t.error = { kind: 'lease_expired', message: `${why} during attempt ${t.attempt}` };
      if (t.attempt >= t.maxAttempts) {
        this.finish(e, 'dead', now);
      } else {
        this.setState(e, 'queued');
        this.queue.pushFront(e);
      }
    }
    return lost.map((e) => e.task);
  }

  private expiredAt(now: number): Entry[] {
    const out: Entry[] = [];
    for (let top = this.leases.peek(); top && top.at <= now; top = this.leases.peek()) {
      this.leases.pop();
      const e = this.entries.get(top.id);
      if (e && isLeaseItem(e, top)) out.push(e);
    }
    return out;
  }

  private promoteDue(now: number): void {
    for (let top = this.due.peek(); top && top.at <= now; top = this.due.peek()) {
      this.due.pop();
      const e = this.entries.get(top.id);
      if (!e || e.task.state !== 'scheduled' || e.task.runAt !== top.at) continue;
      this.setState(own(e), 'queued');
      this.queue.pushBack(e);
    }
  }

  /** The heap's top after dropping stale items (tasks that moved on since it was pushed). */
  private validTop(
    heap: MinHeap<Timed>,
    valid: (e: Entry, t: Timed) => boolean,
  ): Timed | undefined {
    for (let top = heap.peek(); top; top = heap.peek()) {
      const e = this.entries.get(top.id);
      if (e && valid(e, top)) return top;
      heap.pop();
    }
    return undefined;
  }

  private finish(e: Entry, state: TaskState, now: number): void {
    delete e.expiresAt;
    e.task.finishedAt = now;
    this.setState(e, state);
    this.finished.pushBack(e);
  }

  private prune(now: number): void {
    const { maxFinished, maxFinishedAgeMs } = this.retention;
    for (let e = this.finished.first(); e; e = this.finished.first()) {
      const old = (e.task.finishedAt ?? now) < now - maxFinishedAgeMs;
      if (this.finished.size <= maxFinished && !old) break;
      this.finished.remove(e);
      this.drop(e);
    }
  }

  private insert(e: Entry): void {
    const t = e.task;
    this.entries.set(t.id, e);
    this.all.set(t.id, e);
    this.byState[t.state].set(t.id, e);
    this.stateCounts[t.state]++;
    if (t.idempotencyKey !== undefined) this.byKey.set(t.idempotencyKey, t.id);
    this.ids.observe(t.id);
  }

  private drop(e: Entry): void {
    const t = e.task;
    this.entries.delete(t.id);
    this.all.delete(t.id);
    this.byState[t.state].delete(t.id);
    this.stateCounts[t.state]--;
    if (t.idempotencyKey !== undefined && this.byKey.get(t.idempotencyKey) === t.id) {
      this.byKey.delete(t.idempotencyKey);
    }
  }

  private setState(e: Entry, state: TaskState): void {
    const t = e.task;
    if (t.state === state) return;
    this.byState[t.state].delete(t.id);
    this.stateCounts[t.state]--;
    t.state = state;
    this.byState[state].set(t.id, e);
    this.stateCounts[state]++;
  }

  /** The entry a record changes, with its task object replaced by a copy to change. */
  private expect(id: string, state: TaskState | undefined, what: string): Entry {
    const e = this.entries.get(id);
    if (!e) throw new RecordMismatchError(`${what} record names unknown task ${id}`);
    if (state !== undefined && e.task.state !== state) throw mismatch(what, e);
    return own(e);
  }
}

/** Whether a task in this state can be canceled. */
export function isCancelable(state: TaskState): boolean {
  return CANCELABLE.has(state);
}

/**
 * Replaces the entry's task with a copy before a change (copy on write), so task objects
 * captured for a snapshot or handed around inside the engine never change under them.
 */
function own(e: Entry): Entry {
  e.task = { ...e.task };
  return e;
}

function isLeaseItem(e: Entry, t: Timed): boolean {
  return e.task.state === 'running' && e.expiresAt === t.at && e.nonce === t.nonce;
}

function mismatch(what: string, e: Entry): RecordMismatchError {
  return new RecordMismatchError(`${what} record does not fit task ${e.task.id} (${e.task.state})`);
}

/** A copy safe to hand out: callers cannot reach the table's objects. */
export function copy(t: Task): Task {
  return { ...t };
}

function encodeCursor(id: string): string {
  return Buffer.from(id, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): string {
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^[0-9a-z]{16}$/.test(id)) {
    throw new GantryError('invalid_input', 'cursor is not one this queue issued', {
      field: 'cursor',
    });
  }
  return id;
}
