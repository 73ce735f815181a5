/**
 * Run one benchmark stage in a fresh Node process, so that its time and its peak
 * memory are its own: no heap, JIT state or file cache of the parent is shared
 * except the operating system's page cache (warm for every stage alike).
 *
 * A stage script ends by calling `report(result)`, which prints one line
 * `BENCH-RESULT {json}` with the result and the process's own measurements
 * (wall and CPU time since start, peak RSS from the kernel's high-water mark).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const MARK = 'BENCH-RESULT ';
const here = dirname(fileURLToPath(import.meta.url));

export interface ProcessFigures {
  /** Peak resident set size of the process, MiB (getrusage ru_maxrss; VmHWM on Linux). */
  peakRssMb: number;
  /** User + system CPU time of the process, ms (all its threads: GC and I/O included). */
  cpuMs: number;
}

export interface ChildResult<T> {
  result: T;
  process: ProcessFigures;
  wallMs: number;
}

/** The process's peak RSS in MiB: VmHWM where /proc exists, else getrusage. */
export function peakRssMb(): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]) / 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS / 1024;
}

/** Called by a stage script with what it measured. */
export function report(result: unknown): void {
  const u = process.cpuUsage();
  const figures: ProcessFigures = { peakRssMb: peakRssMb(), cpuMs: (u.user + u.system) / 1000 };
  process.stdout.write(`${MARK}${JSON.stringify({ result, process: figures })}\n`);
}

export interface ChildOptions {
  /** Extra options for node itself (`--cpu-prof`, `--max-old-space-size=…`). */
  nodeArgs?: string[];
  /** Lines the child writes on stderr are passed here (progress). */
  onStderr?: (line: string) => void;
}

/** Run `bench/stages/<stage>.ts` with arguments; resolves with its reported result. */
export function runStage<T>(stage: string, args: readonly string[], opts: ChildOptions = {}): Promise<ChildResult<T>> {
  const script = join(here, 'stages', `${stage}.ts`);
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    // From the repository root, where `--import tsx` resolves.
    const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), '--import', 'tsx', script, ...args], {
      cwd: join(here, '..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let errTail = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      errTail = (errTail + d).slice(-8000);
      if (opts.onStderr) for (const l of d.split('\n')) if (l.trim() !== '') opts.onStderr(l);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith(MARK));
      if (code !== 0 || line === undefined) {
        reject(new Error(`bench stage '${stage}' failed (exit ${code}):\n${errTail.trim()}`));
        return;
      }
      const parsed = JSON.parse(line.slice(MARK.length)) as { result: T; process: ProcessFigures };
      resolve({ ...parsed, wallMs: performance.now() - t0 });
    });
  });
}
