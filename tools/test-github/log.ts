/**
 * Every request the server answered (or dropped), so tests can assert on traffic:
 * "the second sync made no writes", "the listing was revalidated with ETags".
 */

export interface LogEntry {
  seq: number;
  time: string;
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  /** HTTP status sent; 0 when the connection was dropped instead. */
  status: number;
  operationId?: string;
  /** A method that changes state (POST, PUT, PATCH, DELETE). */
  write: boolean;
  /** The request carried If-None-Match. */
  conditional: boolean;
  /** Answered 304 Not Modified. */
  notModified: boolean;
  /** Name of the injected fault, if one fired. */
  fault?: string;
  /** Contract violations recorded for this request. */
  violations: number;
  ms: number;
}

export class RequestLog {
  readonly entries: LogEntry[] = [];
  private readonly listeners: Array<(e: LogEntry) => void> = [];

  add(entry: Omit<LogEntry, 'seq'>): LogEntry {
    const e = { seq: this.entries.length + 1, ...entry };
    this.entries.push(e);
    for (const l of this.listeners) l(e);
    return e;
  }

  onEntry(listener: (e: LogEntry) => void): void {
    this.listeners.push(listener);
  }

  /** Reads answered with data (304s are counted in `notModified` instead). */
  get reads(): number {
    return this.entries.filter((e) => !e.write && !e.notModified).length;
  }

  get writes(): number {
    return this.entries.filter((e) => e.write).length;
  }

  get notModified(): number {
    return this.entries.filter((e) => e.notModified).length;
  }

  /** Entries for one operation (`issues/create`). */
  of(operationId: string): LogEntry[] {
    return this.entries.filter((e) => e.operationId === operationId);
  }

  clear(): void {
    this.entries.length = 0;
  }
}

export function formatEntry(e: LogEntry): string {
  const pairs = Object.entries(e.query).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x): [string, string] => [k, x]));
  const q = new URLSearchParams(pairs).toString();
  const flags = [e.notModified ? '304' : '', e.fault ? `fault=${e.fault}` : '', e.violations ? `VIOLATIONS=${e.violations}` : ''].filter(Boolean).join(' ');
  return `${e.time} ${String(e.status || 'DROP').padEnd(4)} ${e.method.padEnd(6)} ${e.path}${q ? `?${q}` : ''} ${e.operationId ?? '-'} ${Math.round(e.ms)}ms${flags ? ` ${flags}` : ''}`;
}
