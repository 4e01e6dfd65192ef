#!/usr/bin/env node
// `npm run build:renderer`: builds the dashboard into out/renderer when its sources changed.
import { buildIfStale } from './lib/build-if-stale.js';

try {
  await buildIfStale('renderer');
} catch (error) {
  process.stderr.write(
    `gantry: the dashboard build failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 1;
}
