import type { TrafficProgress, TrafficSummary } from '../../../shared/traffic';
import { fmtDuration, fmtNumber } from '../../format';

function isSummary(t: TrafficProgress | TrafficSummary): t is TrafficSummary {
  return 'finishedAt' in t;
}

/** Progress of a run (elapsed, counts, current rate) and, once finished, its latencies. */
export function TrafficProgressView({ traffic }: { traffic: TrafficProgress | TrafficSummary }) {
  const fraction = traffic.durationS > 0 ? Math.min(1, traffic.elapsedS / traffic.durationS) : 0;
  return (
    <div
      className="traffic-progress"
      data-testid="traffic-progress"
      data-running={traffic.running ? 'true' : 'false'}
    >
      <div className="progress-line">
        <div
          className="progress-bar"
          role="progressbar"
          aria-label="Traffic run progress"
          aria-valuemin={0}
          aria-valuemax={Math.round(traffic.durationS)}
          aria-valuenow={Math.round(traffic.elapsedS)}
        >
          <span style={{ width: `${fraction * 100}%` }} />
        </div>
        <span className="small mono">
          {fmtDuration(traffic.elapsedS * 1000)} / {fmtDuration(traffic.durationS * 1000)}
        </span>
      </div>
      <dl className="traffic-counts">
        <div>
          <dt>shape</dt>
          <dd>{traffic.profile.shape}</dd>
        </div>
        <div>
          <dt>rate now</dt>
          <dd>{fmtNumber(traffic.currentRate)}/s</dd>
        </div>
        <div>
          <dt>submitted</dt>
          <dd data-testid="traffic-submitted">{traffic.submitted}</dd>
        </div>
        <div>
          <dt>succeeded</dt>
          <dd>{traffic.succeeded}</dd>
        </div>
        <div>
          <dt>failed</dt>
          <dd>{traffic.failed}</dd>
        </div>
        <div>
          <dt>rejected</dt>
          <dd>{traffic.rejected}</dd>
        </div>
      </dl>
      {traffic.error !== undefined && (
        <p className="error-text" role="alert">
          Ended early: {traffic.error}
        </p>
      )}
      {isSummary(traffic) && (
        <dl className="traffic-counts summary" data-testid="traffic-summary">
          <div>
            <dt>wait p50 / p95 / p99</dt>
            <dd>
              {fmtDuration(traffic.wait.p50)} / {fmtDuration(traffic.wait.p95)} /{' '}
              {fmtDuration(traffic.wait.p99)}
            </dd>
          </div>
          <div>
            <dt>end to end p50 / p95 / p99</dt>
            <dd>
              {fmtDuration(traffic.endToEnd.p50)} / {fmtDuration(traffic.endToEnd.p95)} /{' '}
              {fmtDuration(traffic.endToEnd.p99)}
            </dd>
          </div>
        </dl>
      )}
    </div>
  );
}
