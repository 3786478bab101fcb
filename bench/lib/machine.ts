import { execFileSync } from 'node:child_process';
import os from 'node:os';

export interface MachineFacts {
  cpus: number;
  cpuModel: string;
  /** `nproc`. */
  nproc: string;
  /** `free -h`, as printed. */
  free: string;
  totalMemGb: number;
  node: string;
  os: string;
  /** 1/5/15-minute load averages when the run began: other work on the machine shows here. */
  loadAvgAtStart: number[];
  loadAvgAtEnd?: number[];
}

const run = (cmd: string, args: string[]) => {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', timeout: 5_000 }).trimEnd();
  } catch {
    return 'n/a';
  }
};

export function machineFacts(): MachineFacts {
  return {
    cpus: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    nproc: run('nproc', []),
    free: run('free', ['-h']),
    totalMemGb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAvgAtStart: os.loadavg().map((v) => Math.round(v * 100) / 100),
  };
}
