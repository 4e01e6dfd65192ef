import { useEffect, useRef } from 'react';
import { useGantry, useGantryStore } from '../../app/context';
import { useShortcut } from '../../app/use-shortcut';
import { TimelineChart } from '../../charts/timeline-chart';
import { TIMELINE_WINDOWS_MIN } from '../../state/slices/ui-slice';

const LEGEND = [
  { key: 'ready', label: 'ready' },
  { key: 'starting', label: 'starting' },
  { key: 'draining', label: 'draining' },
  { key: 'desired', label: 'desired (dashed)' },
  { key: 'backlog', label: 'backlog (right axis)' },
  { key: 'up', label: '▲ scale up' },
  { key: 'down', label: '▼ scale down' },
];

/** The chart with its window selector; the chart itself lives outside React's render. */
export function TimelinePanel({ tall = false }: { tall?: boolean }) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const store = useGantryStore();
  const windowMin = useGantry((s) => s.timelineWindowMin);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (canvas === null) return;
    const chart = new TimelineChart(canvas, store);
    return () => chart.destroy();
  }, [store]);

  useShortcut('timeline.window', () => {
    const at = TIMELINE_WINDOWS_MIN.indexOf(store.getState().timelineWindowMin);
    store
      .getState()
      .setTimelineWindow(TIMELINE_WINDOWS_MIN[(at + 1) % TIMELINE_WINDOWS_MIN.length] ?? 5);
  });

  return (
    <section className="panel timeline" aria-labelledby="timeline-title" data-testid="timeline">
      <header className="panel-head">
        <h2 id="timeline-title">Scaling timeline</h2>
        <div className="segmented" role="radiogroup" aria-label="Time window (w)">
          {TIMELINE_WINDOWS_MIN.map((m) => (
            <button
              key={m}
              type="button"
              role="radio"
              aria-checked={windowMin === m}
              onClick={() => store.getState().setTimelineWindow(m)}
            >
              {m} min
            </button>
          ))}
        </div>
      </header>
      <div className={`chart-box ${tall ? 'tall' : ''}`}>
        <canvas
          ref={canvasRef}
          role="img"
          aria-label={`Workers by state, desired count and backlog over the last ${windowMin} minutes`}
          data-testid="timeline-canvas"
        />
      </div>
      <ul className="legend" aria-label="Legend">
        {LEGEND.map((item) => (
          <li key={item.key} className={`legend-${item.key}`}>
            <span className="swatch" aria-hidden="true" />
            {item.label}
          </li>
        ))}
      </ul>
    </section>
  );
}
