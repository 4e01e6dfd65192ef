import { useEffect, useState } from 'react';
import { useAction, useGantry, useGantryStore } from '../../app/context';

const CONFIRM_MS = 4000;

/**
 * Pause or resume dispatching, and purge the waiting tasks. Purging asks for a second click
 * within a few seconds instead of a blocking browser dialog.
 */
export function QueueActions() {
  const paused = useGantry((s) => s.snapshot?.queue.paused ?? false);
  const act = useAction();
  const store = useGantryStore();
  const [armed, setArmed] = useState(false);

  useEffect(() => {
    if (!armed) return;
    const timer = setTimeout(() => setArmed(false), CONFIRM_MS);
    return () => clearTimeout(timer);
  }, [armed]);

  const purge = async () => {
    if (!armed) {
      setArmed(true);
      return;
    }
    setArmed(false);
    const answer = await act('queue.purge', undefined);
    if (answer !== undefined) store.getState().notify(`Purged ${answer.purged} waiting tasks`);
  };

  return (
    <div className="queue-actions">
      <button
        type="button"
        onClick={() =>
          void act(
            paused ? 'queue.resume' : 'queue.pause',
            undefined,
            paused ? 'Dispatching resumed' : 'Dispatching paused',
          )
        }
      >
        {paused ? 'Resume' : 'Pause'} <kbd>q</kbd>
      </button>
      <button
        type="button"
        className={armed ? 'danger' : ''}
        onClick={() => void purge()}
        aria-live="polite"
        data-testid="queue-purge"
      >
        {armed ? 'Click again to purge' : 'Purge waiting'}
      </button>
    </div>
  );
}
