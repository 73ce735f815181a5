/**
 * Refusing work that will not fit in the heap, before it starts. Out of heap, V8 stops
 * the process with a fatal error and a native stack trace, after minutes of work; a
 * command that can estimate its need from what it is about to do (decisions to merge,
 * exposures to compare) says so in one line instead, with the heap to give. Pure.
 */
import type { Problem } from './errors.ts';

const MIB = 2 ** 20;

/**
 * The problem when doing `doing` needs `need` bytes of heap and the process may use `limit`
 * (V8's, from `--max-old-space-size` or, by default, from the machine's memory); none when it fits.
 * `doc` is the page that says what the command holds.
 * The hint asks for a quarter more than the estimate, in whole half-gigabytes: room for it to be short.
 */
export function heapTooSmall(doing: string, need: number, limit: number, who: string, doc: string): Problem[] {
  if (need <= limit) return [];
  const suggest = Math.ceil((need * 1.25) / MIB / 512) * 512;
  return [
    {
      code: 'heap-too-small',
      severity: 'error',
      message: `${doing} needs about ${Math.ceil(need / MIB)} MiB of heap; this Node process may use ${Math.floor(limit / MIB)} MiB`,
      hint: `run ${who} with NODE_OPTIONS=--max-old-space-size=${suggest}, on a machine with that much memory free (${doc})`,
    },
  ];
}
