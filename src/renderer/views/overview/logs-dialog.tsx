import { useEffect, useRef, useState } from 'react';
import { describeError, useClient } from '../../app/context';

interface Loaded {
  id: string;
  text?: string;
  error?: string;
}

/** The last lines of a worker's output, as text, in a modal dialog. */
export function LogsDialog({
  workerId,
  onClose,
}: {
  workerId: string | null;
  onClose: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const client = useClient();
  const [loaded, setLoaded] = useState<Loaded | null>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog === null) return;
    if (workerId === null) {
      if (dialog.open) dialog.close();
      return;
    }
    if (!dialog.open) dialog.showModal();
    let stale = false;
    client
      .call('workers.logs', { id: workerId, lines: 500 })
      .then((answer) => !stale && setLoaded({ id: workerId, text: answer.text }))
      .catch((e: unknown) => !stale && setLoaded({ id: workerId, error: describeError(e) }));
    return () => {
      stale = true;
    };
  }, [workerId, client]);

  const current = loaded !== null && loaded.id === workerId ? loaded : null;
  return (
    <dialog ref={ref} className="dialog logs" aria-labelledby="logs-title" onClose={onClose}>
      <h2 id="logs-title">Logs of {workerId}</h2>
      {current?.error !== undefined ? (
        <p role="alert" className="error-text">
          {current.error}
        </p>
      ) : (
        <pre className="log-text" tabIndex={0} aria-label="Log output" aria-busy={current === null}>
          {current === null ? 'Loading…' : current.text === '' ? '(no output yet)' : current.text}
        </pre>
      )}
      <div className="dialog-actions">
        <button type="button" autoFocus onClick={onClose}>
          Close
        </button>
      </div>
    </dialog>
  );
}
