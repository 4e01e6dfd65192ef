import { useAction, useGantry, useGantryStore } from '../../app/context';
import { useShortcut } from '../../app/use-shortcut';
import { TrafficProgressView } from './traffic-progress';

/** The overview's traffic box: the run in progress (or the last one), with stop. */
export function TrafficStrip() {
  const traffic = useGantry((s) => s.snapshot?.traffic ?? s.lastTrafficSummary);
  const store = useGantryStore();
  const act = useAction();
  const running = traffic?.running === true;
  useShortcut(
    'traffic.stop',
    () => void act('traffic.stop', undefined, 'Traffic stopped'),
    running,
  );

  return (
    <section className="panel traffic-strip" aria-labelledby="traffic-strip-title">
      <header className="panel-head">
        <h2 id="traffic-strip-title">Traffic</h2>
        {running ? (
          <button
            type="button"
            onClick={() => void act('traffic.stop', undefined, 'Traffic stopped')}
          >
            Stop <kbd>x</kbd>
          </button>
        ) : (
          <button type="button" onClick={() => store.getState().setView('traffic')}>
            Generate… <kbd>3</kbd>
          </button>
        )}
      </header>
      {traffic === null || traffic === undefined ? (
        <p className="muted empty">No traffic run yet.</p>
      ) : (
        <TrafficProgressView traffic={traffic} />
      )}
    </section>
  );
}
