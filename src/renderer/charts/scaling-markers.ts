import type { GantryEvent, ScalingEvent } from '../../shared/events';

/** The scaling events of `[from, to]`, oldest first. */
export function scalingEventsIn(
  events: readonly GantryEvent[],
  from: number,
  to: number,
): ScalingEvent[] {
  const out: ScalingEvent[] = [];
  for (const event of events) {
    if (event.type === 'scaling' && event.ts >= from && event.ts <= to) out.push(event);
  }
  return out;
}

/** Inputs as `name=value` pairs, for tooltips and the detail box. */
export function describeInputs(inputs: Record<string, number>): string {
  return Object.entries(inputs)
    .map(([name, value]) => `${name}=${Number.isInteger(value) ? value : value.toFixed(2)}`)
    .join(', ');
}
