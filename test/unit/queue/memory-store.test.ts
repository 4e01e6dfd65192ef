import { MemoryStore } from '../../../src/main/queue/memory-store';
import { describeQueueStore } from '../../queue/store-conformance';

describeQueueStore('MemoryStore', async (options) => new MemoryStore(options));
