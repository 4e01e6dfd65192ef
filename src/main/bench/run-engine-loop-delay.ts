// `npx tsx src/main/bench/run-engine-loop-delay.ts [tasks]`: prints one JSON line with the
// main-process event-loop delay under a burst (see engine-loop-delay.ts).
import { DEFAULT_BURST, runBurst } from './engine-loop-delay';

const tasks = Number(process.argv[2] ?? DEFAULT_BURST.tasks);
const result = await runBurst({ ...DEFAULT_BURST, tasks });
process.stdout.write(`${JSON.stringify(result)}\n`);
