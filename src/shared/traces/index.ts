export type { BinnedTrace, TaskListTrace, Trace } from './types';
export { TraceError } from './types';
export { parseTrace } from './parse';
export { arrivalTimes, scaleTrace, sliceBins, traceDurationS, traceTotal } from './transform';
