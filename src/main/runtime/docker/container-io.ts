import type Dockerode from 'dockerode';

/** The CPU counters of one stats sample that the delta method needs. */
export interface CpuCounters {
  /** Container CPU time, ns. */
  total: number;
  /** Host CPU time, ns (absent on some engines, e.g. Windows). */
  system: number;
  onlineCpus: number;
}

function cpuCounters(
  section: Dockerode.ContainerStats['cpu_stats'] | undefined,
): CpuCounters | undefined {
  const total = section?.cpu_usage?.total_usage;
  const system = section?.system_cpu_usage;
  if (typeof total !== 'number' || typeof system !== 'number' || system === 0) return undefined;
  const online = section?.online_cpus || section?.cpu_usage?.percpu_usage?.length || 1;
  return { total, system, onlineCpus: online };
}

/**
 * CPU use between two samples as a percentage of one core (200 = two cores busy), the way
 * `docker stats` shows it: container time delta over host time delta, times the host's CPUs.
 * Worked example: the container used 0.5 s of CPU while the host's 2 CPUs together ran
 * 2 s (1 s of wall time): 0.5 / 2 * 2 * 100 = 50 %.
 */
export function cpuPercent(previous: CpuCounters, current: CpuCounters): number {
  const used = current.total - previous.total;
  const elapsed = current.system - previous.system;
  if (used < 0 || elapsed <= 0) return 0;
  return (used / elapsed) * current.onlineCpus * 100;
}

/** Memory in use, without the page cache the kernel can drop (as `docker stats` counts). */
export function memoryBytes(stats: Dockerode.ContainerStats): number {
  const memory = stats.memory_stats as
    { usage?: number; stats?: Record<string, number> } | undefined;
  const usage = memory?.usage ?? 0;
  const detail = memory?.stats ?? {};
  // cgroup v2 reports inactive_file, v1 total_inactive_file (or cache on old engines).
  const cache = detail.inactive_file ?? detail.total_inactive_file ?? detail.cache ?? 0;
  return Math.max(0, usage - cache);
}

/**
 * One CPU and memory reading. With a one-shot sample the engine leaves `precpu_stats`
 * empty, so the previous sample of the same container (kept by the caller) is the base.
 */
export function readStats(
  stats: Dockerode.ContainerStats,
  previous: CpuCounters | undefined,
): { cpuPercent: number; memoryBytes: number; counters: CpuCounters | undefined } {
  const counters = cpuCounters(stats.cpu_stats);
  const base = cpuCounters(stats.precpu_stats) ?? previous;
  const cpu = counters !== undefined && base !== undefined ? cpuPercent(base, counters) : 0;
  return { cpuPercent: cpu, memoryBytes: memoryBytes(stats), counters };
}

/**
 * The text of a non-TTY container log: the engine frames each chunk with 8 bytes
 * (stream type, three zero bytes, big-endian length). Output that is not framed (a TTY
 * container) is returned as is.
 */
export function demuxLogs(raw: Buffer): string {
  const parts: Buffer[] = [];
  let offset = 0;
  while (offset + 8 <= raw.length) {
    const type = raw[offset];
    const framed = (type === 0 || type === 1 || type === 2) && raw.readUIntBE(offset + 1, 3) === 0;
    if (!framed) return raw.toString('utf8');
    const size = raw.readUInt32BE(offset + 4);
    parts.push(raw.subarray(offset + 8, offset + 8 + size));
    offset += 8 + size;
  }
  if (offset < raw.length && parts.length === 0) return raw.toString('utf8');
  return Buffer.concat(parts).toString('utf8');
}
