import { GantryError } from '../../shared/api/errors';
import type { TrafficControl } from './context';

/** Stands in while no traffic generator is built in: starting says so, stopping is a no-op. */
export function unavailableTraffic(): TrafficControl {
  return {
    start() {
      throw new GantryError('unavailable', 'the traffic generator is not available in this build');
    },
    stop: async () => null,
    progress: () => null,
  };
}
