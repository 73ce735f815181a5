/**
 * A bounded pool of shared values, keyed by text, that admits a value on its second
 * sighting. Interning exists to share what repeats; a value seen once is not worth a
 * pool entry, yet a pool that takes every value fills with them: a stream of millions
 * of findings with a new path or advisory in each (the `--big` bench stage) kept a
 * million one-off strings and a million one-off lists alive, about 400 MB of heap,
 * for findings long gone. So a first sighting waits in a small window, and only a
 * value seen again while it waits enters the pool — the value first seen, so every
 * copy from the first on is shared. A value whose sightings lie further apart than
 * the window is shared from its next two close ones on.
 *
 * Both maps start again when full: a bound, not an eviction policy — cheaper than
 * one, and at the sizes below it is rarely reached by a real estate (docs/scale.md).
 */
export class SharingPool<V> {
  private shared = new Map<string, V>();
  private seenOnce = new Map<string, V>();

  constructor(
    private readonly maxShared: number,
    private readonly maxSeenOnce: number,
  ) {}

  /** The value shared under `key`, if any; a value waiting in the window is admitted now. */
  get(key: string): V | undefined {
    const hit = this.shared.get(key);
    if (hit !== undefined) return hit;
    const first = this.seenOnce.get(key);
    if (first === undefined) return undefined;
    this.seenOnce.delete(key);
    if (this.shared.size >= this.maxShared) this.shared = new Map();
    this.shared.set(key, first);
    return first;
  }

  /** A value `get` did not find: it waits in the window for a second sighting. */
  offer(key: string, value: V): void {
    if (this.seenOnce.size >= this.maxSeenOnce) this.seenOnce = new Map();
    this.seenOnce.set(key, value);
  }

  /** How many values are shared and how many wait (for tests and measurements). */
  get size(): { shared: number; waiting: number } {
    return { shared: this.shared.size, waiting: this.seenOnce.size };
  }
}
