import { describe, expect, it } from 'vitest';
import { cpuPercent, demuxLogs } from '../../../../src/main/runtime/docker/container-io';

function frame(stream: number, text: string): Buffer {
  const body = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(body.length, 4);
  return Buffer.concat([header, body]);
}

describe('container stats and logs', () => {
  it('computes CPU as docker stats does', () => {
    // 0.5 s of container time over 2 s of host time on 2 CPUs: half of one core.
    const before = { total: 1e9, system: 100e9, onlineCpus: 2 };
    const after = { total: 1.5e9, system: 102e9, onlineCpus: 2 };

    expect(cpuPercent(before, after)).toBe(50);
    expect(cpuPercent(after, after)).toBe(0);
    // A restarted container's counters go backwards: no negative CPU.
    expect(cpuPercent(after, { ...before, system: 103e9 })).toBe(0);
  });

  it('joins stdout and stderr frames in order, and passes TTY output through', () => {
    const raw = Buffer.concat([frame(1, 'out 1\n'), frame(2, 'err 1\n'), frame(1, 'out 2\n')]);

    expect(demuxLogs(raw)).toBe('out 1\nerr 1\nout 2\n');
    expect(demuxLogs(Buffer.from('plain tty text\n'))).toBe('plain tty text\n');
    expect(demuxLogs(Buffer.alloc(0))).toBe('');
  });
});
