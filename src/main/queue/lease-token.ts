import { randomChunk } from './ids';

/** What a lease token names: the task, the attempt and the lease's nonce. */
export interface LeaseToken {
  id: string;
  attempt: number;
  nonce: string;
}

/** A fresh unguessable nonce (72 bits, base64url, never contains a dot). */
export function newNonce(): string {
  return randomChunk(9).toString('base64url');
}

export function formatLease(id: string, attempt: number, nonce: string): string {
  return `${id}.${attempt}.${nonce}`;
}

/** Undefined for a string that is not a lease token. */
export function parseLease(token: string): LeaseToken | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [id, attemptText, nonce] = parts as [string, string, string];
  const attempt = Number(attemptText);
  if (!id || !nonce || !Number.isInteger(attempt) || attempt < 1) return undefined;
  return { id, attempt, nonce };
}
