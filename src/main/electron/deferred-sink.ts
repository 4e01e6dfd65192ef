import type { LogRecord, LogSink } from '../log/logger';

/**
 * A sink whose destination is known only later (the log file lives in the data directory,
 * which the engine process reports once it has loaded the settings). Records written before
 * then are kept, up to a cap, and replayed.
 */
export class DeferredSink implements LogSink {
  private target: LogSink | undefined;
  private readonly early: LogRecord[] = [];

  constructor(private readonly maxEarly = 500) {}

  write(record: LogRecord): void {
    if (this.target !== undefined) {
      this.target.write(record);
      return;
    }
    if (this.early.length < this.maxEarly) this.early.push(record);
  }

  /** Sets the destination and replays what came before. */
  attach(target: LogSink): void {
    this.target = target;
    for (const record of this.early.splice(0)) target.write(record);
  }
}
