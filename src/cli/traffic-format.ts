import type { TrafficProgress, TrafficSummary } from '../shared/traffic';

/** One progress line: `12.0/30 s  rate 50/s  sent 600  ok 580  failed 0  rejected 0  open 20`. */
export function progressLine(p: TrafficProgress): string {
  const open = p.submitted - p.succeeded - p.failed - p.rejected;
  return [
    `${p.elapsedS.toFixed(1)}/${Math.round(p.durationS)} s`,
    `rate ${formatRate(p.currentRate)}/s`,
    `sent ${p.submitted}`,
    `ok ${p.succeeded}`,
    `failed ${p.failed}`,
    `rejected ${p.rejected}`,
    `open ${open}`,
  ].join('  ');
}

/** The end-of-run table. Latencies in ms from the tasks' own timestamps. */
export function summaryTable(s: TrafficSummary): string {
  const unfinished = s.submitted - s.succeeded - s.failed - s.rejected;
  const ranS = (s.finishedAt - s.startedAt) / 1000;
  const e2e = s.endToEnd;
  const rows: [string, string][] = [
    ['shape', describeShape(s)],
    ['ran', `${ranS.toFixed(1)} s`],
    ['submitted', String(s.submitted)],
    ['succeeded', String(s.succeeded)],
    ['failed', String(s.failed)],
    ['rejected (429)', String(s.rejected)],
  ];
  if (unfinished > 0) rows.push(['unfinished', String(unfinished)]);
  rows.push(
    ['throughput', `${formatRate(ranS > 0 ? s.succeeded / ranS : 0)}/s`],
    ['wait p50/p95/p99', [s.wait.p50, s.wait.p95, s.wait.p99].map(ms).join(' / ')],
    ['end-to-end p50/p95/p99', [e2e.p50, e2e.p95, e2e.p99].map(ms).join(' / ')],
  );
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n');
}

function ms(v: number): string {
  return v >= 10_000 ? `${(v / 1000).toFixed(1)} s` : `${Math.round(v)} ms`;
}

function describeShape(s: TrafficSummary): string {
  const p = s.profile;
  if (p.shape === 'trace') {
    const file = p.tracePath ?? 'trace';
    return `trace ${file} at ${p.speed ?? 1}x${p.scale === undefined ? '' : `, scale ${p.scale}`}`;
  }
  const peak = p.peakRate === undefined ? '' : ` (peak ${p.peakRate}/s)`;
  return `${p.shape} ${formatRate(p.rate)}/s${peak}`;
}

function formatRate(rate: number): string {
  return rate >= 100 || Number.isInteger(rate) ? rate.toFixed(0) : rate.toFixed(1);
}
