import { useEffect, useMemo, useRef } from 'react';
import type { ScalingEvent } from '../../../shared/events';
import { useGantry, useGantryStore } from '../../app/context';
import { useShortcut } from '../../app/use-shortcut';
import { describeInputs } from '../../charts/scaling-markers';
import { fmtClock } from '../../format';

/** One decision with its inputs and the clamps that overrode the policy. */
function DecisionDetail({ event }: { event: ScalingEvent }) {
  const d = event.decision;
  return (
    <div className="decision-detail" data-testid="scaling-detail">
      <p>
        <strong>{d.reason}</strong>
      </p>
      <dl className="kv">
        <dt>cause</dt>
        <dd>{event.cause}</dd>
        <dt>policy</dt>
        <dd>{d.policy}</dd>
        <dt>current → desired</dt>
        <dd>
          {d.current} → {d.desired} (policy said {d.raw})
        </dd>
        <dt>inputs</dt>
        <dd className="mono">{describeInputs(d.inputs) || '—'}</dd>
        <dt>clamps</dt>
        <dd>
          {d.clamps.length === 0
            ? 'none'
            : d.clamps.map((c) => `${c.name}: ${c.before} → ${c.after} (${c.detail})`).join('; ')}
        </dd>
        <dt>workers</dt>
        <dd className="mono">{event.workerIds.join(', ') || '—'}</dd>
      </dl>
    </div>
  );
}

/**
 * Scaling events of the chart's window, newest first; selecting one (click, Enter or `[`
 * `]`) shows why it happened. The same selection highlights its marker on the chart.
 */
export function ScalingList() {
  const events = useGantry((s) => s.events);
  const windowMin = useGantry((s) => s.timelineWindowMin);
  const nowTs = useGantry((s) => s.snapshot?.ts ?? 0);
  const selected = useGantry((s) => s.selectedScalingSeq);
  const store = useGantryStore();
  const listRef = useRef<HTMLUListElement>(null);

  const scaling = useMemo(() => {
    const from = nowTs - windowMin * 60_000;
    return events
      .filter((e): e is ScalingEvent => e.type === 'scaling' && e.ts >= from)
      .toReversed();
  }, [events, windowMin, nowTs]);

  const step = (delta: number) => {
    if (scaling.length === 0) return;
    const at = scaling.findIndex((e) => e.seq === selected);
    const next = scaling[at === -1 ? 0 : Math.min(scaling.length - 1, Math.max(0, at + delta))];
    if (next !== undefined) store.getState().selectScalingEvent(next.seq);
  };
  useShortcut('timeline.next', () => step(-1));
  useShortcut('timeline.prev', () => step(1));

  useEffect(() => {
    if (selected === null) return;
    listRef.current?.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
  }, [selected]);

  const chosen = scaling.find((e) => e.seq === selected);
  return (
    <section className="panel scaling-list" aria-labelledby="scaling-title">
      <header className="panel-head">
        <h2 id="scaling-title">Scaling events</h2>
        <span className="muted small">{scaling.length} in window</span>
      </header>
      {chosen !== undefined && <DecisionDetail event={chosen} />}
      {scaling.length === 0 ? (
        <p className="muted empty">No scaling in this window.</p>
      ) : (
        <ul
          ref={listRef}
          role="listbox"
          aria-label="Scaling events"
          className="event-list"
          data-testid="scaling-events"
        >
          {scaling.map((e) => (
            <li
              key={`${e.seq}:${e.ts}`}
              role="option"
              tabIndex={0}
              aria-selected={e.seq === selected}
              className={`scaling-item dir-${e.direction}`}
              onClick={() => store.getState().selectScalingEvent(e.seq)}
              onKeyDown={(k) => {
                if (k.key === 'Enter' || k.key === ' ') {
                  k.preventDefault();
                  store.getState().selectScalingEvent(e.seq);
                }
              }}
              data-testid="scaling-event"
            >
              <span className="mono small">{fmtClock(e.ts)}</span>
              <span
                className={`arrow dir-${e.direction}`}
                aria-label={e.direction === 'up' ? 'scale up' : 'scale down'}
              >
                {e.direction === 'up' ? '▲' : '▼'}
              </span>
              <span className="reason">{e.decision.reason}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
