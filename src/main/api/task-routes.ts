import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { contract } from '../../shared/api/contract';
import { TaskSpecSchema } from '../../shared/api/contract/queue';
import { GantryError } from '../../shared/api/errors';
import type { TaskError } from '../../shared/tasks';
import type { Engine } from '../engine/types';
import type { BodyLimit } from './body';
import { readJsonBody } from './body';
import { fromZodError } from './errors';
import { sendEmpty, sendJson, sendText } from './respond';

/** Bytes a task spec may add around its payload (the other fields, JSON punctuation). */
export const SPEC_ENVELOPE_BYTES = 16 * 1024;
/** Per-task allowance of a batch on top of the payload budget (10,000 specs: ~2.4 MiB). */
export const BATCH_ENVELOPE_BYTES_PER_TASK = 256;
const MAX_BATCH = 10_000;
/** Longest lease an external worker may ask for (one day). */
const MAX_LEASE_MS = 86_400_000;

const BatchSchema = contract['queue.enqueue'].input;

const DequeueSchema = z
  .object({ leaseMs: z.coerce.number().int().min(1).max(MAX_LEASE_MS).optional() })
  .strict();

const LeaseSchema = z.string().min(1).max(1000);

const CompleteSchema = z.object({ lease: LeaseSchema, result: z.unknown() }).strict();

const FailSchema = z
  .object({
    lease: LeaseSchema,
    /** A message, or a `TaskError`-like object; the kind defaults to `client`. */
    error: z
      .union([
        z.string().max(10_000),
        z
          .object({
            kind: z.string().min(1).max(100).optional(),
            message: z.string().max(10_000),
            status: z.number().int().min(100).max(599).optional(),
          })
          .strict(),
      ])
      .optional(),
    retryable: z.boolean().default(true),
  })
  .strict();

/** What a task route needs from the server. */
export interface RouteContext {
  engine: Engine;
  /** The `maxPayload` in force: body caps follow it when the setting changes live. */
  maxPayloadBytes(): number;
}

/** Body limits per route: a spec, a batch, a pull-mode report. */
export function bodyLimits(maxPayloadBytes: number): { spec: BodyLimit; batch: BodyLimit } {
  const spec = { bytes: maxPayloadBytes + SPEC_ENVELOPE_BYTES };
  const batch = {
    bytes: spec.bytes,
    arrayBytes: maxPayloadBytes + MAX_BATCH * BATCH_ENVELOPE_BYTES_PER_TASK,
  };
  return { spec, batch };
}

function parse<T>(schema: z.ZodType<T>, value: unknown, prefix: readonly PropertyKey[] = []): T {
  const result = schema.safeParse(value);
  if (!result.success) throw fromZodError(result.error, prefix);
  return result.data;
}

/**
 * A single spec's errors name its fields as the client sent them (`payload`), not as the
 * element of the one-task batch the engine received (`[0].payload`).
 */
async function asSingle<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const field = error instanceof GantryError ? error.extra.field : undefined;
    const inner = field === undefined ? undefined : /^\[0\]\.(.+)$/.exec(field)?.[1];
    if (inner === undefined || !(error instanceof GantryError)) throw error;
    const extra = { ...error.extra, field: inner, cause: error };
    throw new GantryError(error.code, error.message, extra);
  }
}

/** `POST /enqueue-task`: one spec or an array; 202 `{ids}` in the order given. */
export async function enqueueTask(
  ctx: RouteContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const body = await readJsonBody(req, bodyLimits(ctx.maxPayloadBytes()).batch);
  if (body === undefined) {
    throw new GantryError('invalid_input', 'a task spec (or an array of them) is required');
  }
  // Payload sizes are the engine's rule (it applies to IPC too); the body cap above only
  // keeps absurd bodies from being buffered.
  const enqueue = ctx.engine.handlers['queue.enqueue'];
  const answer = Array.isArray(body)
    ? await enqueue(parse(BatchSchema, body))
    : await asSingle(() => enqueue([parse(TaskSpecSchema, body)]));
  sendJson(res, 202, answer);
}

/** `GET|POST /dequeue-task`: leases one task (200) or answers 204 when none is due. */
export async function dequeueTask(
  ctx: RouteContext,
  req: IncomingMessage,
  res: ServerResponse,
  query: URLSearchParams,
): Promise<void> {
  const body = req.method === 'POST' ? await readJsonBody(req, { bytes: 4096 }) : undefined;
  const fromQuery = query.has('leaseMs') ? { leaseMs: query.get('leaseMs') } : {};
  const { leaseMs } = parse(DequeueSchema, body ?? fromQuery);

  const leased = await ctx.engine.pull.dequeue(leaseMs);
  if (leased === undefined) sendEmpty(res, 204);
  else sendJson(res, 200, leased);
}

/** `POST /tasks/{id}/complete` `{lease, result}`. */
export async function completeTask(
  ctx: RouteContext,
  req: IncomingMessage,
  res: ServerResponse,
  id: string,
): Promise<void> {
  const body = await readJsonBody(req, bodyLimits(ctx.maxPayloadBytes()).spec);
  const { lease, result } = parse(CompleteSchema, body ?? {});
  sendJson(res, 200, await ctx.engine.pull.complete(id, lease, result));
}

/** `POST /tasks/{id}/fail` `{lease, error, retryable}`. */
export async function failTask(
  ctx: RouteContext,
  req: IncomingMessage,
  res: ServerResponse,
  id: string,
): Promise<void> {
  const body = await readJsonBody(req, { bytes: 64 * 1024 });
  const input = parse(FailSchema, body ?? {});
  const error: TaskError =
    input.error === undefined || typeof input.error === 'string'
      ? { kind: 'client', message: input.error ?? 'failed' }
      : {
          kind: input.error.kind ?? 'client',
          message: input.error.message,
          status: input.error.status,
        };
  sendJson(res, 200, await ctx.engine.pull.fail(id, input.lease, error, input.retryable));
}

/**
 * `POST /dispatch-task`: submits one spec and answers the task once it is final. A client
 * that goes away stops the wait, not the task: it was accepted and runs to its end.
 */
export async function dispatchTask(
  ctx: RouteContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const body = await readJsonBody(req, bodyLimits(ctx.maxPayloadBytes()).spec);
  const spec = parse(TaskSpecSchema, body);

  const abort = new AbortController();
  const onClose = (): void => {
    if (!res.writableEnded) abort.abort();
  };
  res.on('close', onClose);
  try {
    const task = await asSingle(() => ctx.engine.dispatchAndWait(spec, abort.signal));
    if (!abort.signal.aborted) sendJson(res, 200, task);
  } catch (error) {
    if (!abort.signal.aborted) throw error;
  } finally {
    res.off('close', onClose);
  }
}

/** `GET /tasks/{id}`. */
export async function getTask(ctx: RouteContext, res: ServerResponse, id: string): Promise<void> {
  const task = await ctx.engine.handlers['tasks.get'](parse(contract['tasks.get'].input, id));
  sendJson(res, 200, task);
}

/** `GET /autoscaler-status`. */
export async function autoscalerStatus(ctx: RouteContext, res: ServerResponse): Promise<void> {
  sendJson(res, 200, await ctx.engine.handlers['autoscaler.get'](undefined));
}

/** `GET /metrics`: Prometheus text exposition. */
export async function metrics(ctx: RouteContext, res: ServerResponse): Promise<void> {
  sendText(res, 200, await ctx.engine.metricsText(), 'text/plain; version=0.0.4; charset=utf-8');
}
