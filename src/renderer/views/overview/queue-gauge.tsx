import type { TaskState } from '../../../shared/tasks';
import { useGantry } from '../../app/context';
import { fmtDuration, fmtNumber } from '../../format';
import { QueueActions } from './queue-actions';

const SEGMENTS: { state: TaskState; label: string }[] = [
  { state: 'queued', label: 'queued' },
  { state: 'scheduled', label: 'scheduled' },
  { state: 'running', label: 'running' },
  { state: 'succeeded', label: 'succeeded' },
  { state: 'dead', label: 'dead' },
];

/**
 * Queue state at a glance: waiting tasks against the queue limit, each state's count,
 * submit and completion rates, and wait percentiles.
 */
export function QueueGauge() {
  const queue = useGantry((s) => s.snapshot?.queue);
  if (queue === undefined) return null;
  const waiting = queue.counts.queued + queue.counts.scheduled;
  const fill = queue.limit > 0 ? Math.min(1, waiting / queue.limit) : 0;
  return (
    <section className="panel gauge" aria-labelledby="gauge-title" data-testid="queue-gauge">
      <header className="panel-head">
        <h2 id="gauge-title">Queue</h2>
        {queue.paused && <span className="pill pill-warn">paused</span>}
        <QueueActions />
      </header>
      <div className="gauge-bar-wrap">
        <div
          className="gauge-bar"
          role="meter"
          aria-label="Waiting tasks against the queue limit"
          aria-valuemin={0}
          aria-valuemax={queue.limit}
          aria-valuenow={waiting}
        >
          <span style={{ width: `${Math.max(fill * 100, waiting > 0 ? 0.5 : 0)}%` }} />
        </div>
        <span className="small muted mono" data-testid="queue-limit">
          {fmtNumber(waiting)} / {fmtNumber(queue.limit)} waiting
        </span>
      </div>
      <dl className="gauge-counts">
        {SEGMENTS.map((seg) => (
          <div
            key={seg.state}
            className={`count count-${seg.state}`}
            data-testid={`count-${seg.state}`}
          >
            <dt>{seg.label}</dt>
            <dd>{fmtNumber(queue.counts[seg.state], 1)}</dd>
          </div>
        ))}
      </dl>
      <dl className="gauge-rates">
        <div>
          <dt>submit</dt>
          <dd data-testid="submit-rate">{fmtNumber(queue.submitRate)}/s</dd>
        </div>
        <div>
          <dt>complete</dt>
          <dd data-testid="complete-rate">{fmtNumber(queue.completeRate)}/s</dd>
        </div>
        <div>
          <dt>wait p50</dt>
          <dd>{fmtDuration(queue.wait.p50)}</dd>
        </div>
        <div>
          <dt>wait p95</dt>
          <dd>{fmtDuration(queue.wait.p95)}</dd>
        </div>
      </dl>
    </section>
  );
}
