import { useGantry } from './context';

/** Runtime in use (and whether it fell back), connection, queue paused. */
export function StatusBar() {
  const runtime = useGantry((s) => s.snapshot?.runtime);
  const connection = useGantry((s) => s.connection.status);
  const transport = useGantry((s) => s.transport);
  const paused = useGantry((s) => s.snapshot?.queue.paused ?? false);
  const label =
    connection === 'connected'
      ? transport === 'ipc'
        ? 'app'
        : 'live'
      : connection.replace('-', ' ');
  return (
    <div className="status" role="status" aria-label="Engine status">
      {runtime !== undefined && (
        <span
          className={`pill ${runtime.available ? '' : 'pill-bad'}`}
          title={runtime.detail}
          data-testid="runtime"
        >
          {runtime.kind === 'docker' ? 'Docker' : 'Processes'}
          {runtime.fallback ? ' (fallback)' : ''}
          {runtime.available ? '' : ' · unavailable'}
        </span>
      )}
      {paused && <span className="pill pill-warn">dispatch paused</span>}
      <span className={`pill conn conn-${connection}`} data-testid="connection">
        <span className="dot" aria-hidden="true" />
        {label}
      </span>
    </div>
  );
}
