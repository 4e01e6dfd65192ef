// `npx tsx src/main/bench/run-engine-loop-delay.ts [in-process|engine-process] [tasks]`:
// prints one JSON line with the main process's event-loop delay under a burst.
import type { EngineHosting } from './engine-loop-delay';
import { DEFAULT_BURST, runBurst } from './engine-loop-delay';

const hosting: EngineHosting =
  process.argv[2] === 'engine-process' ? 'engine-process' : 'in-process';
const tasks = Number(process.argv[3] ?? DEFAULT_BURST.tasks);
const result = await runBurst({ ...DEFAULT_BURST, hosting, tasks });
process.stdout.write(`${JSON.stringify(result)}\n`);
