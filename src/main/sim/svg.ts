import type { SimResult } from './types';

const WIDTH = 900;
const PLOT_H = 110;
const GAP = 28;
const LEFT = 56;
const RIGHT = 16;
const TOP = 28;

/**
 * A hand-written SVG of one run: arrivals per span, backlog, and workers (with the oracle's
 * count dashed) over time, scale-up actions marked in green and scale-downs in red on the
 * workers panel. No dependencies; the output is stable for a given result.
 */
export function resultSvg(result: SimResult): string {
  const s = result.series;
  const end = Math.max(1, ...s.map((p) => p.t), result.figures.durationS);
  const panels: { title: string; lines: { values: number[]; color: string; dash?: boolean }[] }[] =
    [
      {
        title: `arrivals per ${spanLabel(s)}`,
        lines: [{ values: s.map((p) => p.arrivals), color: '#4477aa' }],
      },
      {
        title: 'backlog (queued tasks, peak per span)',
        lines: [{ values: s.map((p) => p.backlog), color: '#cc6677' }],
      },
      {
        title: 'workers (solid) and oracle (dashed)',
        lines: [
          { values: s.map((p) => p.workers), color: '#228833' },
          { values: s.map((p) => p.oracle), color: '#555555', dash: true },
        ],
      },
    ];
  const height = TOP + panels.length * (PLOT_H + GAP) + 10;
  const x = (t: number) => LEFT + ((WIDTH - LEFT - RIGHT) * t) / end;
  const f = result.figures;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="${LEFT}" y="16" font-size="13">${esc(result.workload.name)} · ${esc(result.policy)} · ` +
      `${f.workerSeconds.toFixed(0)} worker-s (${f.costRatio.toFixed(2)}× oracle) · ` +
      `p95 wait ${(f.waitP95Ms / 1000).toFixed(1)} s · ${(f.overSlo * 100).toFixed(2)}% over objective</text>`,
  ];
  panels.forEach((panel, i) => {
    const top = TOP + i * (PLOT_H + GAP);
    const max = Math.max(1, ...panel.lines.flatMap((l) => l.values));
    const y = (v: number) => top + PLOT_H - (PLOT_H * v) / max;
    out.push(
      `<rect x="${LEFT}" y="${top}" width="${WIDTH - LEFT - RIGHT}" height="${PLOT_H}" fill="none" stroke="#dddddd"/>`,
      `<text x="${LEFT + 4}" y="${top + 12}" fill="#333333">${esc(panel.title)}</text>`,
      `<text x="${LEFT - 6}" y="${top + 10}" text-anchor="end" fill="#666666">${fmtAxis(max)}</text>`,
      `<text x="${LEFT - 6}" y="${top + PLOT_H}" text-anchor="end" fill="#666666">0</text>`,
    );
    if (i === panels.length - 1) {
      for (const m of result.marks) {
        const color = m.to > m.from ? '#22883355' : '#cc333355';
        out.push(
          `<line x1="${r(x(m.t))}" y1="${top + PLOT_H}" x2="${r(x(m.t))}" y2="${top + PLOT_H - 6}" stroke="${color}"/>`,
        );
      }
      out.push(
        `<text x="${WIDTH - RIGHT}" y="${top + PLOT_H + 14}" text-anchor="end" fill="#666666">${fmtTime(end)}</text>`,
      );
    }
    for (const line of panel.lines) {
      // Step lines: each span holds its value until the next.
      const d: string[] = [];
      line.values.forEach((v, k) => {
        const t0 = (s[k] as { t: number }).t;
        const t1 = (s[k + 1] as { t: number } | undefined)?.t ?? end;
        d.push(`${k === 0 ? 'M' : 'L'}${r(x(t0))},${r(y(v))}`, `L${r(x(t1))},${r(y(v))}`);
      });
      const dash = line.dash ? ' stroke-dasharray="4 3"' : '';
      out.push(
        `<path d="${d.join(' ')}" fill="none" stroke="${line.color}" stroke-width="1.2"${dash}/>`,
      );
    }
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

/** The length of one series point, for the arrivals panel's title. */
function spanLabel(s: SimResult['series']): string {
  const span = s.length > 1 ? (s[1] as { t: number }).t - (s[0] as { t: number }).t : 1;
  if (span >= 3600) return `${Number((span / 3600).toFixed(1))} h`;
  return span >= 60 ? `${Number((span / 60).toFixed(1))} min` : `${span} s`;
}

function r(v: number): string {
  return v.toFixed(1);
}

function fmtAxis(v: number): string {
  return v >= 1000 ? `${(v / 1000).toFixed(1)}k` : String(Math.round(v));
}

function fmtTime(s: number): string {
  if (s >= 86_400) return `${(s / 86_400).toFixed(1)} d`;
  if (s >= 3600) return `${(s / 3600).toFixed(1)} h`;
  return `${Math.round(s / 60)} min`;
}

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
