// A bystander process that only measures its own event-loop delay until it receives a
// message, then answers its figures. Run beside a benchmark, it shows how much of the delay
// measured there is the machine (CPU contention) rather than the code under test.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { RESOLUTION_MS, summarize } from './event-loop-delay';

const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
histogram.enable();
process.send?.({ ready: true });
process.on('message', () => {
  histogram.disable();
  process.send?.(summarize(histogram));
  process.disconnect();
});
