import { readFile } from 'node:fs/promises';

/** Resident set size of a process in MB, from /proc (Linux); undefined once it is gone. */
export async function rssMb(pid: number): Promise<number | undefined> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
    return kb ? Number(kb) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat. */
export async function cpuSeconds(pid: number): Promise<number | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name; utime and stime are the 12th and 13th of them.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(rest[11]) + Number(rest[12]);
    return ticks / 100;
  } catch {
    return undefined;
  }
}

/** Samples a process's RSS every `everyMs` until stopped; reports the peak. */
export function sampleRss(pid: number, everyMs = 200): { stop(): Promise<number> } {
  let peak = 0;
  let running = true;
  const take = async () => {
    const mb = await rssMb(pid);
    if (mb !== undefined) peak = Math.max(peak, mb);
  };
  const timer = setInterval(() => void take(), everyMs);
  void take();
  return {
    async stop() {
      if (running) {
        running = false;
        clearInterval(timer);
        await take();
      }
      return peak;
    },
  };
}
