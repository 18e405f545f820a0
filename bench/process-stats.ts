import { readFileSync, readdirSync } from 'node:fs';

/** Clock ticks per second in /proc/<pid>/stat: 100 on the Linux this runs on (getconf CLK_TCK). */
const CLOCK_TICKS = 100;

/**
 * User + system CPU seconds the process has used so far, all its threads and the children it
 * has reaped (a Redis fork, were there one), from /proc/<pid>/stat (fields 14–17).
 */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may contain spaces; the fields after it are plain.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return fields.slice(11, 15).reduce((sum, field) => sum + Number(field), 0) / CLOCK_TICKS;
}

/** The CPU seconds of every process that serves one side: workerd, or node and redis-server. */
export const cpuSecondsOf = (pids: number[]) => pids.reduce((sum, pid) => sum + cpuSeconds(pid), 0);

/** Resident memory in bytes, from VmRSS in /proc/<pid>/status. */
export function residentBytes(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) * 1024 : 0;
}

/** The processes whose parent is `parentPid` and whose command name is `name`. */
export function childPids(parentPid: number, name: string): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((entry) => {
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        return ppid === parentPid && comm === name ? [Number(entry)] : [];
      } catch {
        return []; // the process ended while we looked
      }
    });
}
