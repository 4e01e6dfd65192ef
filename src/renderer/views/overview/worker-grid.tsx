import { useRef, useState } from 'react';
import { useAction, useGantry } from '../../app/context';
import { useShortcut } from '../../app/use-shortcut';
import { LogsDialog } from './logs-dialog';
import { WorkerCard } from './worker-card';

/** The focused card's worker id, if focus is on a card. */
function focusedWorkerId(): string | null {
  const card = document.activeElement?.closest<HTMLElement>('[data-worker-id]');
  return card?.dataset['workerId'] ?? null;
}

/**
 * One card per worker, in start order. Arrow keys move between cards; on a focused card
 * `s` stops, `r` restarts and `l` shows the logs.
 */
export function WorkerGrid() {
  const rows = useGantry((s) => s.workerRows);
  // Uptimes tick with the snapshots (engine clock); no timer of our own.
  const now = useGantry((s) => s.snapshot?.ts ?? 0);
  const [logsFor, setLogsFor] = useState<string | null>(null);
  const gridRef = useRef<HTMLDivElement>(null);
  const act = useAction();

  const move = (delta: number) => {
    const cards = [...(gridRef.current?.querySelectorAll<HTMLElement>('[data-worker-id]') ?? [])];
    if (cards.length === 0) return;
    const at = cards.findIndex((c) => c === document.activeElement?.closest('[data-worker-id]'));
    const next = at === -1 ? 0 : (at + delta + cards.length) % cards.length;
    cards[next]?.focus();
  };
  useShortcut('grid.next', () => move(1));
  useShortcut('grid.prev', () => move(-1));
  useShortcut('worker.stop', () => {
    const id = focusedWorkerId();
    if (id !== null) void act('workers.stop', id, `Stopping ${id}`);
  });
  useShortcut('worker.restart', () => {
    const id = focusedWorkerId();
    if (id !== null) void act('workers.restart', id, `Restarting ${id}`);
  });
  useShortcut('worker.logs', () => {
    const id = focusedWorkerId();
    if (id !== null) setLogsFor(id);
  });

  const live = rows.filter(
    (r) => r.state !== 'stopped' && r.state !== 'failed' && r.goneAt === undefined,
  ).length;
  return (
    <section className="panel grid-panel" aria-labelledby="grid-title">
      <header className="panel-head">
        <h2 id="grid-title">Workers</h2>
        <span className="muted small" data-testid="worker-count">
          {live} running
        </span>
      </header>
      <div
        className="worker-grid"
        ref={gridRef}
        role="list"
        aria-label="Workers"
        data-testid="worker-grid"
      >
        {rows.map((row) => (
          <div role="listitem" key={row.id}>
            <WorkerCard worker={row} now={now} onLogs={setLogsFor} />
          </div>
        ))}
      </div>
      {rows.length === 0 && (
        <p className="muted empty">No workers yet. The autoscaler starts them when tasks wait.</p>
      )}
      <LogsDialog workerId={logsFor} onClose={() => setLogsFor(null)} />
    </section>
  );
}
