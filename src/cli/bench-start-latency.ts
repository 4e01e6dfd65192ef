import type { StartLatencyResult, StartSubject } from '../main/bench/start-latency';
import { START_SUBJECTS } from '../main/bench/start-latency';
import { UsageError } from './command';
import { numberFlag, readFlags } from './flag-values';

/*
 * `gantry bench --start-latency [--starts N] [--subjects LIST] [--json]`: starts workers one
 * at a time and times, from the start request, the first 200 from /healthz and the first
 * task answered, for the reference image started bare (`docker-bare`), through gantry's
 * Docker runtime (`docker`) and as a local process (`process`), interleaved.
 */

function parseSubjects(value: string | undefined): StartSubject[] {
  if (value === undefined) return [...START_SUBJECTS];
  const list = value.split(',').map((s) => s.trim());
  for (const subject of list) {
    if (!(START_SUBJECTS as readonly string[]).includes(subject)) {
      throw new UsageError(`--subjects takes ${START_SUBJECTS.join(', ')}; got "${subject}"`);
    }
  }
  return list as StartSubject[];
}

/** A markdown table of the result (what docs/benchmarks.md shows). */
export function startLatencyTable(result: StartLatencyResult): string {
  const columns = ['subject', 'starts', 'address p50', 'address p95', 'healthy p50', 'healthy p95'];
  columns.push('first task p50', 'first task p95', 'exit noticed p50', 'exit noticed p95');
  const lines = [`| ${columns.join(' | ')} |`, `|${'---|'.repeat(columns.length)}`];
  for (const row of result.rows) {
    const notice = row.exitNotice ? [row.exitNotice.p50, row.exitNotice.p95] : ['–', '–'];
    const cells: (string | number | undefined)[] = [row.subject, row.starts, row.address.p50];
    cells.push(row.address.p95, row.healthy.p50, row.healthy.p95, row.firstTask.p50);
    cells.push(row.firstTask.p95, notice[0], notice[1]);
    lines.push(`| ${cells.join(' | ')} |`);
  }
  const ratio = result.dockerOverBare;
  if (ratio) {
    lines.push(
      '',
      `docker ÷ docker-bare: healthy p50 ${ratio.healthyP50}, p95 ${ratio.healthyP95}; ` +
        `first task p50 ${ratio.firstTaskP50}, p95 ${ratio.firstTaskP95}`,
    );
  }
  return lines.join('\n');
}

/** `gantry bench --start-latency`; `argv` without the flag itself. Resolves to the exit code. */
export async function runStartLatencyBench(argv: string[]): Promise<number> {
  const values = readFlags(argv, {
    starts: { type: 'string' },
    subjects: { type: 'string' },
    json: { type: 'boolean' },
  });
  const starts = numberFlag(values.starts, 'starts', { min: 1, max: 1000, integer: true });
  const subjects = parseSubjects(values.subjects);
  const { benchStartLatency } = await import('../main/bench/start-latency');
  const result = await benchStartLatency({
    starts,
    subjects,
    onSample: (subject, s) => {
      if (values.json) return;
      const notice =
        s.exitNoticeMs === undefined ? '' : `, exit noticed ${s.exitNoticeMs.toFixed(0)} ms`;
      process.stderr.write(
        `  ${subject}: healthy ${s.healthyMs.toFixed(0)} ms, ` +
          `first task ${s.firstTaskMs.toFixed(0)} ms${notice}\n`,
      );
    },
  });
  process.stdout.write(
    values.json ? `${JSON.stringify(result, null, 2)}\n` : `${startLatencyTable(result)}\n`,
  );
  return 0;
}
