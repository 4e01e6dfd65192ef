import { ScalingList } from './scaling-list';
import { TimelinePanel } from './timeline-panel';

/** The timeline full size, with the scaling events and their reasons beside it. */
export function TimelineView() {
  return (
    <div className="view timeline-view">
      <TimelinePanel tall />
      <ScalingList />
    </div>
  );
}
