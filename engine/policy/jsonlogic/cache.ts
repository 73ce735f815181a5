/**
 * A Map with a size bound, for patterns, ranges and versions that arrive as
 * data rather than as constants: attacker-chosen strings must not grow memory
 * without limit. When full it is simply cleared: cheap, and the working set of
 * a policy run is small.
 */
export class BoundedCache<K, V> {
  private readonly map = new Map<K, V>();
  constructor(private readonly limit: number) {}

  get(key: K): V | undefined {
    return this.map.get(key);
  }

  set(key: K, value: V): void {
    if (this.map.size >= this.limit) this.map.clear();
    this.map.set(key, value);
  }
}
