export type { BinnedTrace, TaskListTrace, Trace } from './types';
export { TraceError } from './types';
export { parseTrace } from './parse';
export {
  arrivalTimes,
  scaleTrace,
  sliceBins,
  traceArrivals,
  traceDurationS,
  traceTotal,
} from './transform';
