import { useCallback, useEffect } from 'react';
import type { TaskState } from '../../../shared/tasks';
import { TASK_STATES } from '../../../shared/tasks';
import { describeError, useAction, useClient, useGantry, useGantryStore } from '../../app/context';
import { useShortcut } from '../../app/use-shortcut';
import { fmtClock, fmtNumber } from '../../format';
import { SubmitForm } from './submit-form';
import { CANCELABLE, RETRYABLE, TaskDetail } from './task-detail';

const PAGE = 100;
// TODO: refresh from task-summary events instead of polling; tasks have no push channel of
// their own, so the open page and detail are re-read every two seconds.
const REFRESH_MS = 2000;

/** A payload's first characters, as text. */
function preview(payload: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(payload) ?? '';
  } catch {
    text = String(payload);
  }
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

/**
 * Tasks by state (dead ones one key away), newest first, refreshed while open; selecting a
 * row shows its detail with retry and cancel.
 */
export function TasksView() {
  const filter = useGantry((s) => s.taskFilter);
  const page = useGantry((s) => s.taskPage);
  const cursor = useGantry((s) => s.taskCursor);
  const selectedId = useGantry((s) => s.selectedTaskId);
  const counts = useGantry((s) => s.snapshot?.queue.counts);
  const store = useGantryStore();
  const client = useClient();
  const act = useAction();
  const detail = useGantry((s) => s.taskDetail);
  const error = useGantry((s) => s.taskError);

  const load = useCallback(
    async (forFilter: TaskState | 'all', append: boolean) => {
      const state = store.getState();
      try {
        const answer = await client.call('tasks.list', {
          limit: PAGE,
          ...(forFilter === 'all' ? {} : { state: forFilter }),
          ...(append && state.taskCursor !== undefined ? { cursor: state.taskCursor } : {}),
        });
        if (store.getState().taskFilter !== forFilter) return;
        store.getState().setTaskPage(answer.tasks, answer.nextCursor, append);
      } catch (e) {
        store.getState().setTaskError(describeError(e));
      }
    },
    [client, store],
  );

  useEffect(() => {
    void load(filter, false);
    const timer = setInterval(() => {
      // Refresh only the first page; a user paging further keeps what they loaded.
      if (store.getState().taskPage.length <= PAGE) void load(filter, false);
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [filter, load, store]);

  useEffect(() => {
    if (selectedId === null) return;
    let stale = false;
    const fetchOne = () =>
      client
        .call('tasks.get', selectedId)
        .then((t) => !stale && store.getState().updateTask(t))
        .catch((e: unknown) => !stale && store.getState().setTaskError(describeError(e)));
    void fetchOne();
    const timer = setInterval(() => void fetchOne(), REFRESH_MS);
    return () => {
      stale = true;
      clearInterval(timer);
    };
  }, [selectedId, client, store]);

  const setFilter = (f: TaskState | 'all') => store.getState().setTaskFilter(f);
  const move = (delta: number) => {
    if (page.length === 0) return;
    const at = page.findIndex((t) => t.id === selectedId);
    const next = page[at === -1 ? 0 : Math.min(page.length - 1, Math.max(0, at + delta))];
    if (next !== undefined) {
      store.getState().selectTask(next.id);
      document.querySelector<HTMLElement>(`[data-task-id="${CSS.escape(next.id)}"]`)?.focus();
    }
  };
  const retry = async () => {
    if (detail === null || !RETRYABLE.has(detail.state)) return;
    const task = await act('tasks.retry', detail.id, `Retrying ${detail.id}`);
    if (task !== undefined) store.getState().updateTask(task);
  };
  const cancel = async () => {
    if (detail === null || !CANCELABLE.has(detail.state)) return;
    const task = await act('tasks.cancel', detail.id, `Canceled ${detail.id}`);
    if (task !== undefined) store.getState().updateTask(task);
  };

  useShortcut('tasks.dead', () => setFilter('dead'));
  useShortcut('tasks.all', () => setFilter('all'));
  useShortcut('tasks.next', () => move(1));
  useShortcut('tasks.prev', () => move(-1));
  useShortcut('tasks.retry', () => void retry());
  useShortcut('tasks.cancel', () => void cancel());
  useShortcut('tasks.refresh', () => void load(filter, false));

  return (
    <div className="view tasks-view">
      <section className="panel" aria-labelledby="tasks-title">
        <header className="panel-head">
          <h2 id="tasks-title">Tasks</h2>
          <div className="segmented" role="radiogroup" aria-label="Filter by state">
            {(['all', ...TASK_STATES] as const).map((s) => (
              <button
                key={s}
                type="button"
                role="radio"
                aria-checked={filter === s}
                onClick={() => setFilter(s)}
                data-testid={`filter-${s}`}
              >
                {s}
                {s !== 'all' && counts !== undefined ? ` ${fmtNumber(counts[s])}` : ''}
              </button>
            ))}
          </div>
        </header>
        <SubmitForm onSubmitted={() => void load(filter, false)} />
        {error !== null && (
          <p className="error-text" role="alert">
            {error}
          </p>
        )}
        {page.length === 0 ? (
          <p className="muted empty">No {filter === 'all' ? '' : `${filter} `}tasks.</p>
        ) : (
          <div className="table-wrap">
            <table className="table tasks-table" aria-label="Tasks">
              <thead>
                <tr>
                  <th scope="col">Id</th>
                  <th scope="col">State</th>
                  <th scope="col">Attempts</th>
                  <th scope="col">Created</th>
                  <th scope="col">Payload</th>
                </tr>
              </thead>
              <tbody>
                {page.map((t) => (
                  <tr
                    key={t.id}
                    tabIndex={0}
                    aria-selected={t.id === selectedId}
                    data-task-id={t.id}
                    data-testid="task-row"
                    onClick={() => store.getState().selectTask(t.id)}
                    onKeyDown={(e) => {
                      if (e.key === 'Enter') store.getState().selectTask(t.id);
                    }}
                  >
                    <td className="mono">{t.id}</td>
                    <td>
                      <span className={`badge task-${t.state}`}>{t.state}</span>
                    </td>
                    <td>
                      {t.attempt}/{t.maxAttempts}
                    </td>
                    <td className="mono">{fmtClock(t.createdAt)}</td>
                    <td className="mono ellipsis payload-cell">{preview(t.payload)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {cursor !== undefined && (
          <button type="button" onClick={() => void load(filter, true)}>
            Load more
          </button>
        )}
      </section>
      {detail !== null ? (
        <TaskDetail task={detail} onRetry={() => void retry()} onCancel={() => void cancel()} />
      ) : (
        <section className="panel task-detail">
          <p className="muted empty">
            Select a task (j / k, Enter) to see its payload, attempts and result.
          </p>
        </section>
      )}
    </div>
  );
}
