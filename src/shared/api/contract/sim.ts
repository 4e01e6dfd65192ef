import { z } from 'zod';
import { method } from '../method';

/** The policy lab: run the simulator on a trace (owned by the simulator; refined there). */
export const simContract = {
  'sim.run': method(z.object({}).passthrough()).returns<unknown>(),
};
