import type { Decision } from '../../../shared/scaling/types';
import { describeInputs } from '../../charts/scaling-markers';
import { fmtClock } from '../../format';

/** The latest decisions, newest first: count change, reason, inputs, clamps. */
export function DecisionsTable({ decisions }: { decisions: readonly Decision[] }) {
  if (decisions.length === 0) return <p className="muted empty">No decisions yet.</p>;
  return (
    <div className="table-wrap">
      <table className="table" data-testid="decisions">
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Action</th>
            <th scope="col">Workers</th>
            <th scope="col">Reason</th>
            <th scope="col">Inputs</th>
            <th scope="col">Clamps</th>
          </tr>
        </thead>
        <tbody>
          {decisions.map((d, i) => (
            <tr key={`${d.at}:${i}`} className={`action-${d.action}`}>
              <td className="mono">{fmtClock(d.at)}</td>
              <td>{d.action}</td>
              <td className="mono">
                {d.current} → {d.desired}
                {d.raw !== d.desired ? ` (raw ${d.raw})` : ''}
              </td>
              <td>{d.reason}</td>
              <td className="mono small">{describeInputs(d.inputs)}</td>
              <td className="small">
                {d.clamps.map((c) => `${c.name}: ${c.before}→${c.after}`).join('; ') || '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
