/**
 * Git plumbing that streams: `cat-file --batch`, `fast-import` and large `ls-tree`
 * listings. simple-git buffers whole outputs and cannot feed stdin, which is fine
 * for the short queries elsewhere but not for a million ledger records. Shell module.
 */
import { spawn } from 'node:child_process';

export class GitProcessError extends Error {
  constructor(
    readonly args: readonly string[],
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(`git ${args[0] ?? ''} failed${exitCode !== null ? ` (exit ${exitCode})` : ''}: ${stderr.trim().split('\n')[0] ?? ''}`);
    this.name = 'GitProcessError';
  }
}

/** Run git with optional stdin, collecting stdout as bytes. Rejects on a non-zero exit. */
export function runGit(cwd: string, args: readonly string[], input?: Iterable<string | Buffer>): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out));
      else reject(new GitProcessError(args, code, Buffer.concat(err).toString('utf8')));
    });
    // A child that exits early (bad ref) closes stdin under us; its exit code tells the story.
    child.stdin.on('error', () => undefined);
    void writeAll(child.stdin, input ?? []).then(() => child.stdin.end());
  });
}

/** Small pieces are gathered into large writes: a million tiny pipe writes cost more than the data. */
const WRITE_CHUNK = 1 << 18;

async function writeAll(stream: NodeJS.WritableStream, chunks: Iterable<string | Buffer>): Promise<void> {
  let pending: Buffer[] = [];
  let size = 0;
  const flush = async () => {
    if (size === 0) return;
    const ok = stream.write(pending.length === 1 ? pending[0]! : Buffer.concat(pending, size));
    pending = [];
    size = 0;
    if (!ok) await new Promise<void>((r) => stream.once('drain', () => r()));
  };
  for (const c of chunks) {
    const b = typeof c === 'string' ? Buffer.from(c, 'utf8') : c;
    pending.push(b);
    size += b.length;
    if (size >= WRITE_CHUNK) await flush();
  }
  await flush();
}

/**
 * Read many objects in one `git cat-file --batch`: each spec is an object id or
 * `<rev>:<path>`; the result maps each spec to its contents, or undefined when
 * the object does not exist.
 */
export async function catFileBatch(cwd: string, specs: readonly string[]): Promise<Map<string, Buffer | undefined>> {
  const result = new Map<string, Buffer | undefined>();
  if (specs.length === 0) return result;
  for (const s of specs) if (/[\n\r]/.test(s)) throw new Error('object spec contains a newline');
  const out = await runGit(cwd, ['cat-file', '--batch'], specs.map((s) => s + '\n'));
  let at = 0;
  for (const spec of specs) {
    const nl = out.indexOf(0x0a, at);
    if (nl < 0) throw new Error('git cat-file --batch: truncated output');
    const header = out.subarray(at, nl).toString('utf8');
    at = nl + 1;
    if (header.endsWith(' missing') || header.endsWith(' ambiguous')) {
      result.set(spec, undefined);
      continue;
    }
    const size = Number(header.slice(header.lastIndexOf(' ') + 1));
    if (!Number.isInteger(size)) throw new Error(`git cat-file --batch: unexpected header ${JSON.stringify(header)}`);
    result.set(spec, out.subarray(at, at + size));
    at += size + 1;
  }
  return result;
}

export interface TreeEntry {
  mode: string;
  type: string;
  object: string;
  path: string;
}

/** `git ls-tree -r -z --full-tree REV -- PATHS`, parsed. */
export async function lsTree(cwd: string, rev: string, paths: readonly string[], recursive = true): Promise<TreeEntry[]> {
  const args = ['ls-tree', '-z', '--full-tree', ...(recursive ? ['-r'] : []), rev, '--', ...paths];
  const out = (await runGit(cwd, args)).toString('utf8');
  const entries: TreeEntry[] = [];
  for (const rec of out.split('\0')) {
    if (rec === '') continue;
    const tab = rec.indexOf('\t');
    const [mode, type, object] = rec.slice(0, tab).split(' ');
    entries.push({ mode: mode!, type: type!, object: object!, path: rec.slice(tab + 1) });
  }
  return entries;
}
