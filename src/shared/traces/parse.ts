import type { BinnedTrace, TaskListTrace, Trace } from './types';
import { TraceError } from './types';

/**
 * Largest bin index accepted. Bins are stored densely (gaps become empty bins), so a typo
 * such as an epoch timestamp in the bin column must not allocate gigabytes: 10 M bins is
 * 19 years of minutes or 115 days of seconds.
 */
const MAX_BIN = 10_000_000;

const BIN_UNITS: Record<string, number> = { second: 1, minute: 60 };

interface Row {
  line: number;
  cells: string[];
}

/**
 * Reads a trace CSV. Accepted headers (case-insensitive, extra columns ignored):
 * `minute,arrivals` and `second,arrivals` (0-based bin index, arrivals in that bin; missing
 * bins count as empty) or `arrival_s,duration_s` (one task a line, seconds from the start;
 * `duration_s` may be absent or empty). Tolerates a BOM, CRLF, blank lines and `#` comments.
 * Throws a `TraceError` naming `source` and the line at fault.
 */
export function parseTrace(csv: string, source = 'trace'): Trace {
  const rows = splitRows(csv);
  const header = rows.shift();
  if (header === undefined) throw new TraceError(0, 'empty file: no header line', source);

  const names = header.cells.map((c) => unquote(c).toLowerCase());
  const [first, second] = names;
  const binS = first === undefined ? undefined : BIN_UNITS[first];
  if (binS !== undefined && second === 'arrivals') return parseBinned(rows, binS, source);
  if (first === 'arrival_s' && (second === undefined || second === 'duration_s')) {
    return parseTasks(rows, second !== undefined, source);
  }
  throw new TraceError(
    header.line,
    `unknown header "${names.join(',')}": expected "minute,arrivals", "second,arrivals" ` +
      'or "arrival_s,duration_s"',
    source,
  );
}

function parseBinned(rows: Row[], binS: number, source: string): BinnedTrace {
  const counts: number[] = [];
  let previous = -1;
  for (const row of rows) {
    const bin = cellNumber(row, 0, 'bin index', source);
    const arrivals = cellNumber(row, 1, 'arrivals', source);
    if (!Number.isInteger(bin)) {
      throw new TraceError(row.line, `bin index must be a whole number, got ${bin}`, source);
    }
    if (bin <= previous) {
      throw new TraceError(
        row.line,
        `bin ${bin} does not follow bin ${previous}: bins must be increasing`,
        source,
      );
    }
    if (bin > MAX_BIN) {
      throw new TraceError(row.line, `bin index ${bin} is above the limit of ${MAX_BIN}`, source);
    }
    while (counts.length < bin) counts.push(0);
    counts.push(arrivals);
    previous = bin;
  }
  return { kind: 'binned', binS, counts };
}

function parseTasks(rows: Row[], hasDuration: boolean, source: string): TaskListTrace {
  const tasks: TaskListTrace['tasks'] = [];
  for (const row of rows) {
    const arrivalS = cellNumber(row, 0, 'arrival_s', source);
    const durationCell = hasDuration ? unquote(row.cells[1] ?? '') : '';
    if (durationCell === '') {
      tasks.push({ arrivalS });
    } else {
      tasks.push({ arrivalS, durationS: cellNumber(row, 1, 'duration_s', source) });
    }
  }
  // Array.prototype.sort is stable, so tasks arriving together keep their file order.
  tasks.sort((a, b) => a.arrivalS - b.arrivalS);
  return { kind: 'tasks', tasks };
}

/** A non-negative finite number from a cell, or a `TraceError` naming the column. */
function cellNumber(row: Row, index: number, column: string, source: string): number {
  const raw = row.cells[index];
  if (raw === undefined) {
    throw new TraceError(row.line, `missing ${column} (column ${index + 1})`, source);
  }
  const text = unquote(raw);
  const value = text === '' ? Number.NaN : Number(text);
  if (!Number.isFinite(value)) {
    throw new TraceError(row.line, `${column} is not a number: "${text}"`, source);
  }
  if (value < 0) throw new TraceError(row.line, `${column} is negative: ${value}`, source);
  return value;
}

/** Splits into trimmed, non-blank, non-comment rows, keeping 1-based line numbers. */
function splitRows(csv: string): Row[] {
  const text = csv.charCodeAt(0) === 0xfeff ? csv.slice(1) : csv;
  const rows: Row[] = [];
  const lines = text.split(/\r\n|\n|\r/);
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').trim();
    if (line === '' || line.startsWith('#')) continue;
    rows.push({ line: i + 1, cells: line.split(',') });
  }
  return rows;
}

function unquote(cell: string): string {
  const t = cell.trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1).trim() : t;
}
