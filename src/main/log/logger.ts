import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Where log records go. */
export interface LogSink {
  write(record: LogRecord): void;
}

export interface LogRecord {
  ts: number;
  level: LogLevel;
  component: string;
  msg: string;
  fields: LogFields;
}

/**
 * A small structured logger. Level policy: `debug` per task, `info` for state changes an
 * operator cares about (a worker started, a scale action), `warn` for faults the engine
 * heals itself (a worker crashed and was replaced), `error` for what needs a human.
 * A task failing on a worker is an expected outcome, not a warning.
 */
export class Logger {
  /** Shared by a logger and all its children, so `setLevel` applies to every component. */
  private readonly threshold: { level: LogLevel };

  constructor(
    private readonly sinks: LogSink[],
    level: LogLevel | { level: LogLevel } = 'info',
    private readonly component = 'gantry',
    private readonly base: LogFields = {},
  ) {
    this.threshold = typeof level === 'string' ? { level } : level;
  }

  /** A logger for a part of the engine; fields are added to every record. */
  child(component: string, fields: LogFields = {}): Logger {
    return new Logger(this.sinks, this.threshold, component, { ...this.base, ...fields });
  }

  /** Changes the level of this logger, its parent's and every child's (they share it). */
  setLevel(level: LogLevel): void {
    this.threshold.level = level;
  }

  enabled(level: LogLevel): boolean {
    return RANK[level] >= RANK[this.threshold.level];
  }

  debug(msg: string, fields?: LogFields): void {
    this.log('debug', msg, fields);
  }

  info(msg: string, fields?: LogFields): void {
    this.log('info', msg, fields);
  }

  warn(msg: string, fields?: LogFields): void {
    this.log('warn', msg, fields);
  }

  error(msg: string, fields?: LogFields): void {
    this.log('error', msg, fields);
  }

  private log(level: LogLevel, msg: string, fields?: LogFields): void {
    if (!this.enabled(level)) return;
    const record: LogRecord = {
      ts: Date.now(),
      level,
      component: this.component,
      msg,
      fields: { ...this.base, ...fields },
    };
    for (const sink of this.sinks) sink.write(record);
  }
}

function errorText(value: unknown): unknown {
  return value instanceof Error ? { name: value.name, message: value.message } : value;
}

function formatFields(fields: LogFields): string {
  return Object.entries(fields)
    .map(([key, value]) => {
      const v = errorText(value);
      return `${key}=${typeof v === 'string' ? v : JSON.stringify(v)}`;
    })
    .join(' ');
}

/** Readable lines on stderr: `12:00:01 info  pool  worker ready workerId=w3 port=40211`. */
export class ConsoleSink implements LogSink {
  write(r: LogRecord): void {
    const time = new Date(r.ts).toISOString().slice(11, 19);
    const extra = formatFields(r.fields);
    process.stderr.write(
      `${time} ${r.level.padEnd(5)} ${r.component.padEnd(10)} ${r.msg}${extra ? ` ${extra}` : ''}\n`,
    );
  }
}

/** JSON lines appended to a file (the data directory's `gantry.log`). */
export class FileSink implements LogSink {
  constructor(private readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
  }

  write(r: LogRecord): void {
    const fields = Object.fromEntries(Object.entries(r.fields).map(([k, v]) => [k, errorText(v)]));
    const line = JSON.stringify({ ts: new Date(r.ts).toISOString(), level: r.level, component: r.component, msg: r.msg, ...fields });
    appendFileSync(this.path, `${line}\n`);
  }
}

/** Keeps records in memory; for tests. */
export class MemorySink implements LogSink {
  readonly records: LogRecord[] = [];

  write(record: LogRecord): void {
    this.records.push(record);
  }
}

/** A logger that drops everything. */
export function silentLogger(): Logger {
  return new Logger([], 'error');
}
