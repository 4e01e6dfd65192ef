import type { ServerResponse } from 'node:http';
import type { ErrorBody } from '../../shared/api/errors';
import { statusOf } from './errors';

/** Headers on every answer. Never any `Access-Control-*`: the API is not for other origins. */
const BASE_HEADERS = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
} as const;

/** Sends a JSON answer. */
export function sendJson(
  res: ServerResponse,
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): void {
  const body = JSON.stringify(value);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.setHeader('Cache-Control', BASE_HEADERS['Cache-Control']);
  res.setHeader('X-Content-Type-Options', BASE_HEADERS['X-Content-Type-Options']);
  for (const name in headers) res.setHeader(name, headers[name]!);
  res.end(body);
}

/** Sends a text answer (Prometheus exposition, plain errors). */
export function sendText(
  res: ServerResponse,
  status: number,
  text: string,
  contentType: string,
): void {
  res.writeHead(status, {
    ...BASE_HEADERS,
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** Sends 204 with no body. */
export function sendEmpty(res: ServerResponse, status = 204): void {
  res.writeHead(status, BASE_HEADERS);
  res.end();
}

/** Extra headers an error implies: `Retry-After` for a full queue. */
export function errorHeaders(error: ErrorBody): Record<string, string> {
  if (error.code !== 'queue_full') return {};
  return { 'Retry-After': String(Math.max(1, Math.ceil(error.retryAfterS ?? 1))) };
}

/**
 * Sends `{"error": {...}}`. `close` asks the client to drop the connection (after a body we
 * refused to read, the connection holds unread bytes).
 */
export function sendError(
  res: ServerResponse,
  error: ErrorBody,
  extra: { close?: boolean; headers?: Record<string, string> } = {},
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const headers = { ...errorHeaders(error), ...extra.headers };
  if (extra.close) headers.Connection = 'close';
  sendJson(res, statusOf(error), { error }, headers);
}
