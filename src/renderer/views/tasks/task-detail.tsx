import type { Task } from '../../../shared/tasks';
import { fmtClock, fmtDuration, fmtJson } from '../../format';

export const RETRYABLE = new Set(['dead', 'canceled']);
export const CANCELABLE = new Set(['scheduled', 'queued', 'running']);

/** Everything about one task, user data shown as text only. */
export function TaskDetail({
  task,
  onRetry,
  onCancel,
}: {
  task: Task;
  onRetry: () => void;
  onCancel: () => void;
}) {
  const waited =
    task.startedAt !== undefined
      ? task.startedAt - Math.max(task.createdAt, task.runAt)
      : undefined;
  const ran =
    task.startedAt !== undefined && task.finishedAt !== undefined
      ? task.finishedAt - task.startedAt
      : undefined;
  return (
    <section
      className="panel task-detail"
      aria-labelledby="task-detail-title"
      data-testid="task-detail"
    >
      <header className="panel-head">
        <h2 id="task-detail-title" className="mono">
          {task.id}
        </h2>
        <span className={`badge task-${task.state}`} data-testid="task-detail-state">
          {task.state}
        </span>
      </header>
      <div className="form-actions">
        <button
          type="button"
          className="primary"
          disabled={!RETRYABLE.has(task.state)}
          onClick={onRetry}
          data-testid="task-retry"
        >
          Retry <kbd>r</kbd>
        </button>
        <button
          type="button"
          disabled={!CANCELABLE.has(task.state)}
          onClick={onCancel}
          data-testid="task-cancel"
        >
          Cancel <kbd>c</kbd>
        </button>
      </div>
      <dl className="kv">
        <dt>attempts</dt>
        <dd>
          {task.attempt} of {task.maxAttempts}
        </dd>
        <dt>worker</dt>
        <dd className="mono">{task.workerId ?? '—'}</dd>
        <dt>created</dt>
        <dd>{fmtClock(task.createdAt)}</dd>
        {task.runAt > task.createdAt && (
          <>
            <dt>run at</dt>
            <dd>{fmtClock(task.runAt)}</dd>
          </>
        )}
        <dt>waited</dt>
        <dd>{waited === undefined ? '—' : fmtDuration(waited)}</dd>
        <dt>ran</dt>
        <dd>{ran === undefined ? '—' : fmtDuration(ran)}</dd>
        <dt>timeout</dt>
        <dd>{fmtDuration(task.timeoutMs)}</dd>
        {task.idempotencyKey !== undefined && (
          <>
            <dt>idempotency key</dt>
            <dd className="mono">{task.idempotencyKey}</dd>
          </>
        )}
      </dl>
      {task.error !== undefined && (
        <div className="task-error" role="note">
          <h3>Error</h3>
          <p className="mono" data-testid="task-error">
            {task.error.kind}
            {task.error.status !== undefined ? ` (HTTP ${task.error.status})` : ''}:{' '}
            {task.error.message}
          </p>
        </div>
      )}
      <h3>Payload</h3>
      <pre className="json" data-testid="task-payload" tabIndex={0}>
        {fmtJson(task.payload)}
      </pre>
      {task.result !== undefined && (
        <>
          <h3>Result</h3>
          <pre className="json" data-testid="task-result" tabIndex={0}>
            {fmtJson(task.result)}
          </pre>
        </>
      )}
    </section>
  );
}
