/** Arrivals counted per fixed bin (a minute or a second). */
export interface BinnedTrace {
  kind: 'binned';
  /** Bin length in seconds: 1 for `second,arrivals`, 60 for `minute,arrivals`. */
  binS: number;
  /** Arrivals in bin i (0-based). May be fractional after scaling. */
  counts: number[];
}

/** One task a line: arrival time and, when recorded, how long the task ran. */
export interface TaskListTrace {
  kind: 'tasks';
  /** Sorted by `arrivalS`. */
  tasks: { arrivalS: number; durationS?: number }[];
}

/** A workload trace, as read from one of the CSV formats of `parseTrace`. */
export type Trace = BinnedTrace | TaskListTrace;

/** A trace file that cannot be read; the message names the source and line. */
export class TraceError extends Error {
  constructor(
    /** 1-based line of the fault (0 when it concerns the whole file). */
    readonly line: number,
    /** What is wrong, without the location. */
    readonly reason: string,
    /** The file name or other label passed to `parseTrace`. */
    readonly source = 'trace',
  ) {
    super(line > 0 ? `${source}:${line}: ${reason}` : `${source}: ${reason}`);
    this.name = 'TraceError';
  }
}
