import { readFile } from 'node:fs/promises';

/**
 * Clock ticks per second of /proc/<pid>/stat times. Node cannot call sysconf(_SC_CLK_TCK);
 * Linux has used 100 on every mainstream architecture for decades.
 */
const CLOCK_TICKS = 100;

/** CPU time and memory of one process, read from /proc (Linux). */
export interface ProcSample {
  /** CPU seconds used (user + system) since the process started. */
  cpuS: number;
  /** Seconds since the process started. */
  ageS: number;
  /** Resident memory in bytes. */
  rssBytes: number;
}

/** One sample of `pid`, or undefined when the process is gone or /proc is absent. */
export async function readProcSample(pid: number): Promise<ProcSample | undefined> {
  try {
    const [stat, status, uptime] = await Promise.all([
      readFile(`/proc/${pid}/stat`, 'utf8'),
      readFile(`/proc/${pid}/status`, 'utf8'),
      readFile('/proc/uptime', 'utf8'),
    ]);
    // The command name (field 2) is in parentheses and may hold spaces: split after it.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state), so field N is fields[N - 3].
    const utime = Number(fields[14 - 3]);
    const stime = Number(fields[15 - 3]);
    const startTicks = Number(fields[22 - 3]);
    const rssKb = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1] ?? 0);
    const uptimeS = Number(uptime.split(' ')[0]);
    return {
      cpuS: (utime + stime) / CLOCK_TICKS,
      ageS: Math.max(0, uptimeS - startTicks / CLOCK_TICKS),
      rssBytes: rssKb * 1024,
    };
  } catch {
    return undefined;
  }
}

/**
 * CPU percent (100 = one core busy) between two samples, or over the whole life of the
 * process when there is no earlier sample.
 */
export function cpuPercent(now: ProcSample, before: ProcSample | undefined): number {
  const cpu = now.cpuS - (before?.cpuS ?? 0);
  const wall = now.ageS - (before?.ageS ?? 0);
  return wall > 0 ? Math.max(0, (cpu / wall) * 100) : 0;
}

/** The environment a process started with, or undefined when unreadable (gone or not ours). */
export async function readProcEnviron(pid: number): Promise<Map<string, string> | undefined> {
  try {
    const raw = await readFile(`/proc/${pid}/environ`, 'utf8');
    const env = new Map<string, string>();
    for (const entry of raw.split('\0')) {
      const eq = entry.indexOf('=');
      if (eq > 0) env.set(entry.slice(0, eq), entry.slice(eq + 1));
    }
    return env;
  } catch {
    return undefined;
  }
}
