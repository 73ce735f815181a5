/**
 * A larger young generation for the processes that run ctem. V8 gives a 64-bit
 * Node process a 16 MiB semi-space (its young generation is three of them); a run
 * makes short-lived objects by the million (parse trees, input documents, text to
 * write) while it holds a large heap of long-lived ones, and with so small a nursery
 * many of those short-lived objects are copied, promoted and collected again in the
 * old generation. At 64 MiB, on the size-0.25 estate: scavenges 586 → 171, their
 * pause time 4.1 s → 2.2 s, full collections' 2.2 s → 1.9 s; peak RSS +150 MiB
 * (docs/scale.md, "Node's young generation").
 *
 * The semi-space size is read when V8 sets its heap up: it cannot be changed from
 * inside the running process (v8.setFlagsFromString comes too late), and a GitHub
 * Action cannot pass node a flag. So an entry point that was not started with one
 * runs its own command again in a child node that is (`foreground-child`: the child
 * gets the terminal and the signals, and this process exits as the child does).
 * A `--max-semi-space-size` given to node, on its command line or in NODE_OPTIONS,
 * is left as it is — that is also how to turn this off.
 */
import { foregroundChild } from 'foreground-child';

/** The semi-space size a run gets, MiB. */
export const SEMI_SPACE_MB = 64;

/** The node option, as the child process gets it (the benchmark's stages get the same). */
export const SEMI_SPACE_FLAG = `--max-semi-space-size=${SEMI_SPACE_MB}`;

const GIVEN = /^--max[-_]semi[-_]space[-_]size(=|$)/;

/** Whether node was told a semi-space size, on its command line (`execArgv`) or in NODE_OPTIONS. */
export function semiSpaceGiven(execArgv: readonly string[], nodeOptions: string | undefined): boolean {
  return execArgv.some((a) => GIVEN.test(a)) || (nodeOptions ?? '').split(/\s+/).some((a) => GIVEN.test(a));
}

/**
 * Run this process's command again, in a node with the larger semi-space, unless
 * node was given a semi-space size already. True when the child was started: the
 * caller then does nothing more (the child is the run). Call it from the main
 * thread of an entry point only, before any work.
 */
export function respawnWithLargerYoungGeneration(): boolean {
  const script = process.argv[1];
  if (script === undefined || semiSpaceGiven(process.execArgv, process.env.NODE_OPTIONS)) return false;
  foregroundChild(process.execPath, [...process.execArgv, SEMI_SPACE_FLAG, script, ...process.argv.slice(2)]);
  return true;
}
