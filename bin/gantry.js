#!/usr/bin/env node
// The `gantry` command. It runs the TypeScript sources through tsx so the CLI, the headless
// host and the tests share one code path without a separate build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
