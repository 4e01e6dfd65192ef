import { memo } from 'react';
import type { WorkerState } from '../../../shared/workers';
import { useAction, useGantry } from '../../app/context';
import { fmtBytes, fmtDuration, shortImage, shortRef } from '../../format';
import type { WorkerRow } from '../../state/worker-history';
import { Sparkline } from './sparkline';

const STATE_TEXT: Record<WorkerState, string> = {
  starting: 'starting',
  ready: 'ready',
  draining: 'draining',
  stopped: 'stopped',
  failed: 'failed',
};

/** One worker: identity, state (colour and text), slots in use, counters, resource history. */
export const WorkerCard = memo(function WorkerCard({
  worker,
  now,
  onLogs,
}: {
  worker: WorkerRow;
  now: number;
  onLogs: (id: string) => void;
}) {
  const stats = useGantry((s) => s.stats[worker.id]);
  const act = useAction();
  const live =
    worker.state !== 'stopped' && worker.state !== 'failed' && worker.goneAt === undefined;
  const end = worker.stoppedAt ?? worker.goneAt ?? now;
  const used = worker.concurrency > 0 ? Math.min(1, worker.inflight / worker.concurrency) : 0;
  const cpu = stats?.cpu ?? [];
  const mem = stats?.mem ?? [];
  const titleId = `worker-${worker.id}-title`;

  return (
    <article
      className={`card worker state-${worker.state} ${live ? '' : 'fading'}`}
      aria-labelledby={titleId}
      tabIndex={0}
      data-worker-id={worker.id}
      data-state={worker.state}
      data-testid="worker-card"
    >
      <header className="worker-head">
        <h3 id={titleId} className="mono">
          {worker.id}
        </h3>
        <span className={`badge badge-${worker.state}`} data-testid="worker-state">
          <span className="dot" aria-hidden="true" />
          {STATE_TEXT[worker.state]}
        </span>
      </header>
      <p className="worker-facts mono small">
        <span
          title={worker.runtime === 'docker' ? `container ${worker.ref}` : `process ${worker.ref}`}
        >
          {shortRef(worker.runtime, worker.ref)}
        </span>
        <span aria-hidden="true"> · </span>
        <span title={worker.address}>port {worker.address.split(':').pop() || '–'}</span>
      </p>
      <p className="worker-image small muted ellipsis" title={worker.image}>
        {shortImage(worker.runtime, worker.image)}
      </p>
      <div
        className="slots"
        aria-label={`${worker.inflight} of ${worker.concurrency} slots in use`}
      >
        <div
          className="slots-bar"
          role="meter"
          aria-valuemin={0}
          aria-valuemax={worker.concurrency}
          aria-valuenow={worker.inflight}
        >
          <span style={{ width: `${used * 100}%` }} />
        </div>
        <span className="mono small">
          {worker.inflight}/{worker.concurrency}
        </span>
      </div>
      <dl className="worker-counters">
        <div>
          <dt>processed</dt>
          <dd data-testid="worker-processed">{worker.processed}</dd>
        </div>
        <div>
          <dt>failed</dt>
          <dd>{worker.failed}</dd>
        </div>
        <div>
          <dt>uptime</dt>
          <dd>{fmtDuration(end - (worker.readyAt ?? worker.startedAt))}</dd>
        </div>
      </dl>
      <div className="sparks">
        <div>
          <span className="small muted">
            cpu {cpu.length > 0 ? `${(cpu[cpu.length - 1] ?? 0).toFixed(0)}%` : '–'}
          </span>
          <Sparkline values={cpu} max={100} label={`CPU of ${worker.id}`} className="spark-cpu" />
        </div>
        <div>
          <span className="small muted">
            mem {mem.length > 0 ? fmtBytes(mem[mem.length - 1] ?? 0) : '–'}
          </span>
          <Sparkline values={mem} label={`Memory of ${worker.id}`} className="spark-mem" />
        </div>
      </div>
      {worker.reason !== undefined && !live && (
        <p className="small muted ellipsis" title={worker.reason}>
          {worker.reason}
        </p>
      )}
      <div className="card-actions">
        <button
          type="button"
          disabled={!live}
          onClick={() => void act('workers.stop', worker.id, `Stopping ${worker.id}`)}
          aria-label={`Stop ${worker.id}`}
        >
          Stop
        </button>
        <button
          type="button"
          disabled={!live}
          onClick={() => void act('workers.restart', worker.id, `Restarting ${worker.id}`)}
          aria-label={`Restart ${worker.id}`}
        >
          Restart
        </button>
        <button type="button" onClick={() => onLogs(worker.id)} aria-label={`Logs of ${worker.id}`}>
          Logs
        </button>
      </div>
    </article>
  );
});
