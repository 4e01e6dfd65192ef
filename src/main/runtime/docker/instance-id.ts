import { randomUUID } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const FILE = 'instance-id';
const VALID = /^[a-z0-9][a-z0-9-]{7,63}$/;

/**
 * The id of this gantry install, kept in `<dataDir>/instance-id` and created on first use.
 * Containers carry it as a label: one install adopts and cleans only its own containers,
 * and two installs on one engine (two data directories) never touch each other's.
 */
export async function loadInstanceId(dataDir: string): Promise<string> {
  const path = join(dataDir, FILE);
  try {
    const text = (await readFile(path, 'utf8')).trim();
    if (VALID.test(text)) return text;
    throw new Error(`${path} holds "${text.slice(0, 80)}", not an instance id; delete it`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(dataDir, { recursive: true });
  const id = randomUUID();
  // `wx` so two processes racing on a fresh directory agree on the first id written.
  try {
    await writeFile(path, `${id}\n`, { flag: 'wx' });
    return id;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return loadInstanceId(dataDir);
  }
}
