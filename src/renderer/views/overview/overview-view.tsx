import { TimelinePanel } from '../timeline/timeline-panel';
import { TrafficStrip } from '../traffic/traffic-strip';
import { QueueGauge } from './queue-gauge';
import { WorkerGrid } from './worker-grid';

/** The dashboard: queue, traffic in progress, the worker grid and the timeline. */
export function OverviewView() {
  return (
    <div className="view overview">
      <div className="overview-top">
        <QueueGauge />
        <TrafficStrip />
      </div>
      <WorkerGrid />
      <TimelinePanel />
    </div>
  );
}
