/**
 * The issue bodies the shards rendered, held for the merge step as UTF-8 bytes.
 *
 * A body is mostly ASCII, but the templates' dashes and ellipses make V8 store the
 * whole string at two bytes a character: the 57,071 bodies of the size-0.25 estate
 * (79 million characters) took 175 MB of heap as strings. As bytes they take about
 * half that, and outside V8's heap (a Buffer's memory is not counted against the heap
 * limit that stops a merge), with a few hundred bytes of heap each. A body is decoded
 * when read: the writer reads each once (engine/app/outputs.ts), the executor once
 * more.
 */
export class BodyStore {
  private readonly bytes = new Map<string, Buffer>();

  set(key: string, body: string): void {
    this.bytes.set(key, Buffer.from(body, 'utf8'));
  }

  get(key: string): string | undefined {
    return this.bytes.get(key)?.toString('utf8');
  }

  has(key: string): boolean {
    return this.bytes.has(key);
  }

  get size(): number {
    return this.bytes.size;
  }
}
