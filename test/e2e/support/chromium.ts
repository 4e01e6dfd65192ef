import { existsSync } from 'node:fs';

/** The system Chromium the suite drives (no browser is ever downloaded). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

/**
 * Why the browser suite cannot run here, or undefined when it can. In CI a missing browser
 * is a failure, not a skip, so CI always answers undefined and the launch fails loudly.
 */
export function chromiumMissingReason(): string | undefined {
  if (existsSync(CHROMIUM_PATH) || process.env['CI']) return undefined;
  return `Chromium is not installed at ${CHROMIUM_PATH} (apt-get install chromium); set CI to make this a failure`;
}
