import { buildIfStale } from '../../../bin/lib/build-if-stale.js';

/** The headless host serves out/renderer: build it first when the sources are newer. */
export default async function globalSetup(): Promise<void> {
  await buildIfStale('renderer');
}
