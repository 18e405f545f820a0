import { readFileSync, readdirSync } from 'node:fs';

/** Clock ticks per second in /proc/<pid>/stat: 100 on the Linux this runs on (getconf CLK_TCK). */
const CLOCK_TICKS = 100;

/** User + system CPU seconds the process has used so far, from /proc/<pid>/stat (fields 14, 15). */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may contain spaces; the fields after it are plain.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

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
