import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Name of the token file in the data directory. */
export const TOKEN_FILE = 'api-token';

/** The API token in use and where it came from. */
export interface ApiToken {
  token: string;
  /** `flag`: `--api-token`/`GANTRY_API_TOKEN`; `file`: reused; `created`: new this start. */
  source: 'flag' | 'file' | 'created';
  /** The token file (also when the token came from a flag: it is where one would be). */
  path: string;
}

/** 32 random bytes, base64url: 43 characters, safe in headers and URL fragments. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENOENT';
}

/**
 * The API token: `override` when given (not written anywhere), else the one kept in
 * `<dataDir>/api-token`, else a new one written there with mode 0600 (the data directory is
 * created 0700). A token file others can read is narrowed to 0600 on load.
 */
export async function loadOrCreateToken(dataDir: string, override?: string): Promise<ApiToken> {
  const path = join(dataDir, TOKEN_FILE);
  if (override !== undefined && override !== '') return { token: override, source: 'flag', path };

  const existing = await readToken(path);
  if (existing !== undefined) {
    const info = await stat(path);
    if ((info.mode & 0o077) !== 0) await chmod(path, 0o600);
    return { token: existing, source: 'file', path };
  }

  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const token = newToken();
  // Written to a private temporary file, then renamed: no moment where a half-written or
  // world-readable token exists under the real name.
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, `${token}\n`, { mode: 0o600, flag: 'w' });
  await rename(temp, path);
  return { token, source: 'created', path };
}

/** The token kept in a file; undefined when there is none (or it is empty). */
export async function readToken(path: string): Promise<string | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
  const token = text.trim();
  return token === '' ? undefined : token;
}
