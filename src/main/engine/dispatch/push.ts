import type { ClientRequest, IncomingMessage } from 'node:http';
import { request } from 'node:http';
import type { TaskError } from '../../../shared/tasks';
import type { Leased } from '../../queue/store';
import { splitAddress } from '../pool/health';
import type { WorkerRecord } from '../pool/worker-record';

/** Why the engine cut an attempt short. */
export type AbortReason = 'timeout' | 'canceled' | 'worker_lost' | 'shutdown' | 'lease_expired';

/** How one push ended, per the worker protocol. */
export type PushOutcome =
  | { kind: 'success'; result: unknown }
  /** 429/503, or a kept-alive socket the worker had closed: back to the queue, no attempt used. */
  | { kind: 'busy'; reason: string }
  | { kind: 'permanent'; error: TaskError }
  | { kind: 'retryable'; error: TaskError }
  | { kind: 'aborted'; reason: AbortReason };

/** One attempt in flight. */
export interface Attempt {
  leased: Leased;
  worker: WorkerRecord;
  startedAt: number;
  /** Epoch ms at which the engine gives up on the attempt. */
  deadline: number;
  req?: ClientRequest;
  abortReason?: AbortReason;
  done: boolean;
  /** Called once with the outcome. */
  onDone: (attempt: Attempt, outcome: PushOutcome) => void;
}

const MAX_ERROR_TEXT = 500;

/** Cuts an attempt short; its `onDone` reports `aborted` with the reason. */
export function abortAttempt(attempt: Attempt, reason: AbortReason): void {
  if (attempt.done || attempt.abortReason) return;
  attempt.abortReason = reason;
  attempt.req?.destroy(new Error(`attempt aborted: ${reason}`));
}

/**
 * POSTs the task to the worker's `/process-task` and maps the answer: 2xx → success with
 * the JSON body, 429/503 → busy, other 4xx → permanent, 5xx or a broken connection →
 * retryable. The request has no socket timeout: the caller enforces `attempt.deadline`.
 */
export function pushTask(attempt: Attempt): void {
  const { task } = attempt.leased;
  const body = JSON.stringify({
    id: task.id,
    attempt: task.attempt,
    payload: task.payload,
    deadline: attempt.deadline,
  });
  const [host, port] = splitAddress(attempt.worker.info.address);
  const req = request(
    {
      host,
      port,
      path: '/process-task',
      method: 'POST',
      agent: attempt.worker.agent,
      headers: {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
        'gantry-task-id': task.id,
        'gantry-attempt': String(task.attempt),
      },
    },
    (res) => readResponse(res, attempt),
  );
  attempt.req = req;
  req.on('error', (error: NodeJS.ErrnoException) => {
    if (attempt.abortReason) return aborted(attempt);
    // A kept-alive socket the worker closed just as we reused it: the task never reached
    // the worker, so it goes back without using an attempt.
    if (req.reusedSocket && error.code === 'ECONNRESET') {
      return finish(attempt, { kind: 'busy', reason: 'stale_connection' });
    }
    const message = `${error.code ?? 'error'}: ${error.message}`;
    finish(attempt, { kind: 'retryable', error: { kind: 'connection', message } });
  });
  req.end(body);
}

/** Reports the outcome once; later signals of the attempt (a close after an end) are ignored. */
function finish(attempt: Attempt, outcome: PushOutcome): void {
  if (attempt.done) return;
  attempt.done = true;
  attempt.onDone(attempt, outcome);
}

function aborted(attempt: Attempt): void {
  finish(attempt, { kind: 'aborted', reason: attempt.abortReason ?? 'shutdown' });
}

function readResponse(res: IncomingMessage, attempt: Attempt): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('error', () => {
    if (attempt.abortReason) aborted(attempt);
    else {
      const error = { kind: 'connection', message: 'response interrupted' };
      finish(attempt, { kind: 'retryable', error });
    }
  });
  res.on('end', () => {
    if (attempt.abortReason) return aborted(attempt);
    const status = res.statusCode ?? 0;
    const text = (chunks.length === 1 ? chunks[0] : Buffer.concat(chunks))?.toString('utf8') ?? '';
    finish(attempt, mapStatus(status, text));
  });
}

/** The worker protocol's reading of an HTTP answer. */
export function mapStatus(status: number, text: string): PushOutcome {
  if (status >= 200 && status < 300) return { kind: 'success', result: parseResult(text) };
  if (status === 429 || status === 503) return { kind: 'busy', reason: `http_${status}` };
  const message = text.length > MAX_ERROR_TEXT ? `${text.slice(0, MAX_ERROR_TEXT)}…` : text;
  const detail = `worker answered ${status}${message ? `: ${message}` : ''}`;
  if (status >= 400 && status < 500) {
    return { kind: 'permanent', error: { kind: 'http_4xx', message: detail, status } };
  }
  return { kind: 'retryable', error: { kind: 'http_5xx', message: detail, status } };
}

/** The body as JSON; an empty body is `null`, and text that is not JSON is kept as text. */
function parseResult(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
