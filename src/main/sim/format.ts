import type { SimResult } from './types';

/** Seconds with one decimal, from ms. */
export function secs(ms: number): string {
  return (ms / 1000).toFixed(1);
}

/** A share as a percentage with two decimals. */
export function pct(share: number): string {
  return `${(share * 100).toFixed(2)}%`;
}

/** The comparison table of `gantry sim`: one row per result, aligned columns. */
export function resultTable(results: readonly SimResult[]): string {
  const first = results[0];
  if (first === undefined) return '';
  const header = [
    'policy',
    'worker-s',
    '×oracle',
    'wait p50',
    'p95',
    'p99',
    `>${secs(first.figures.sloMs)}s`,
    'actions',
    'cold',
    'idle-s',
    'peak',
  ];
  const rows = results.map((r) => {
    const f = r.figures;
    return [
      r.policy,
      f.workerSeconds.toFixed(0),
      f.costRatio.toFixed(2),
      `${secs(f.waitP50Ms)}s`,
      `${secs(f.waitP95Ms)}s`,
      `${secs(f.waitP99Ms)}s`,
      pct(f.overSlo),
      String(f.scaleActions),
      String(f.coldStarts),
      f.idleWorkerSeconds.toFixed(0),
      String(f.peakWorkers),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join('  ');
  const w = first.workload;
  const c = first.config;
  const latency =
    c.startLatency.minMs === c.startLatency.maxMs
      ? `${secs(c.startLatency.minMs)}s`
      : `${secs(c.startLatency.minMs)}..${secs(c.startLatency.maxMs)}s`;
  const title =
    `${w.name}: ${w.tasks} tasks over ${(w.periodS / 60).toFixed(1)} min (${w.about}); ` +
    `${c.slotsPerWorker} slots/worker, start ${latency}, workers ${c.minWorkers}..${c.maxWorkers}, ` +
    `oracle ${first.figures.oracleWorkerSeconds.toFixed(0)} worker-s, seed ${c.seed}`;
  return [title, '', line(header), ...rows.map(line)].join('\n');
}
