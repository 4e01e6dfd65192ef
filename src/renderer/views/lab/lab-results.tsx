import type { SimResult } from '../../../shared/api/contract/sim';
import { fmtDuration, fmtNumber } from '../../format';

/** One row per policy: cost against the oracle, waits, objective misses, churn. */
export function LabResults({
  results,
  selected,
  onSelect,
}: {
  results: readonly SimResult[];
  selected: number;
  onSelect: (index: number) => void;
}) {
  return (
    <div className="table-wrap">
      <table className="table" data-testid="lab-results" aria-label="Simulation results">
        <thead>
          <tr>
            <th scope="col">Policy</th>
            <th scope="col">Worker-s</th>
            <th scope="col">× oracle</th>
            <th scope="col">Idle</th>
            <th scope="col">Wait p50 / p95 / p99</th>
            <th scope="col">Over SLO</th>
            <th scope="col">Actions</th>
            <th scope="col">Cold starts</th>
            <th scope="col">Peak</th>
          </tr>
        </thead>
        <tbody>
          {results.map((r, i) => {
            const f = r.figures;
            return (
              <tr
                key={r.policy}
                tabIndex={0}
                aria-selected={i === selected}
                onClick={() => onSelect(i)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') onSelect(i);
                }}
              >
                <td>
                  <strong>{r.policy}</strong>
                </td>
                <td>{fmtNumber(f.workerSeconds, 1)}</td>
                <td>{f.costRatio.toFixed(2)}</td>
                <td>
                  {f.workerSeconds > 0
                    ? `${((f.idleWorkerSeconds / f.workerSeconds) * 100).toFixed(0)}%`
                    : '–'}
                </td>
                <td className="mono small">
                  {fmtDuration(f.waitP50Ms)} / {fmtDuration(f.waitP95Ms)} /{' '}
                  {fmtDuration(f.waitP99Ms)}
                </td>
                <td>{(f.overSlo * 100).toFixed(1)}%</td>
                <td>{f.scaleActions}</td>
                <td>{f.coldStarts}</td>
                <td>{f.peakWorkers}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
