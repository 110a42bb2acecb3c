import { readdirSync, readFileSync } from 'fs';

/** Signals a whole process group (a detached child and everything it forked); ignores a gone group. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

/** True while any process of the group is alive. */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

interface ProcInfo {
  pid: number;
  ppid: number;
  rssKb: number;
}

// Linux /proc walk: Node has no API for a process tree's memory.
function readProcs(): ProcInfo[] {
  const procs: ProcInfo[] = [];
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return procs;
  }
  for (const name of entries) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const status = readFileSync(`/proc/${name}/status`, 'utf8');
      const ppid = Number(/^PPid:\s+(\d+)/m.exec(status)?.[1] ?? 0);
      const rssKb = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
      procs.push({ pid: Number(name), ppid, rssKb });
    } catch {
      // The process exited while we read it.
    }
  }
  return procs;
}

/** Resident memory (MB) of `root` and all its descendants. Shared pages are counted per process. */
export function treeRssMb(root = process.pid): number {
  const procs = readProcs();
  const byPid = new Map(procs.map((p) => [p.pid, p]));
  const children = new Map<number, ProcInfo[]>();
  for (const p of procs) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  let totalKb = 0;
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop() as number;
    totalKb += byPid.get(pid)?.rssKb ?? 0;
    for (const child of children.get(pid) ?? []) stack.push(child.pid);
  }
  return Math.round(totalKb / 1024);
}

/** Samples this process tree's RSS once a second and keeps the peak. */
export class PeakMemorySampler {
  private timer: NodeJS.Timeout | undefined;
  peakMb = 0;

  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), 1000);
  }

  stop(): number {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.sample();
    return this.peakMb;
  }

  private sample(): void {
    this.peakMb = Math.max(this.peakMb, treeRssMb());
  }
}
