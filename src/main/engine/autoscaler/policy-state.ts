import { readFile, rename, writeFile } from 'node:fs/promises';
import type { PolicyName } from '../../../shared/scaling/types';

/** What `<data>/policy-state.json` holds: the policy's own state, opaque JSON. */
interface StoredState {
  policy: PolicyName;
  savedAt: number;
  state: unknown;
}

/** The saved state of `policy`, or undefined when none is saved for it (or it is unreadable). */
export async function loadPolicyState(path: string, policy: PolicyName): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const stored = JSON.parse(text) as Partial<StoredState>;
    return stored.policy === policy ? stored.state : undefined;
  } catch {
    return undefined;
  }
}

/** Writes atomically (temp file, then rename) so a crash never leaves half a file. */
export async function savePolicyState(
  path: string,
  policy: PolicyName,
  state: unknown,
  now: number,
): Promise<void> {
  const stored: StoredState = { policy, savedAt: now, state };
  const temp = `${path}.tmp`;
  await writeFile(temp, JSON.stringify(stored));
  await rename(temp, path);
}
