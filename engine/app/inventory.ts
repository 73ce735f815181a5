/**
 * Read every inventory named in ctem.yaml through its connector, with located
 * errors (YAML: line:column; CSV: line; JSON: JSON path; GitHub: the request), then
 * correlate them into one list of assets (engine/scope/correlate.ts).
 *
 * The GitHub client is made here, from GITHUB_TOKEN and GITHUB_API_URL (or
 * `github.api_url`); the connector only ever sees the client, and nothing here
 * prints the token.
 */
import { join } from 'node:path';
import type { Octokit } from '@octokit/rest';
import { inventoryConnectors } from '../../connectors/registry.ts';
import type { InventoryConnector, InventoryContext, InventoryOptions } from '../../connectors/types.ts';
import { createSchemaChecker, type SchemaChecker } from '../config/schema-check.ts';
import type { CtemConfig, InventoryConfig } from '../config/schema/ctem.ts';
import { suggest } from '../config/suggest.ts';
import { parseYaml, type Locator } from '../config/yaml-document.ts';
import { parseJsonReport, readReportFile } from '../discover/read-report.ts';
import { CtemError, ExitCode, ReportError, type Problem } from '../errors.ts';
import { createGitHubClient } from '../github/client.ts';
import { realTimer } from '../github/scheduler.ts';
import type { InventoryAsset } from '../model/asset.ts';
import { toJsonPath, type PathSegment } from '../model/json-path.ts';
import { correlateAssets, type InventoryBatch } from '../scope/correlate.ts';

export interface InventoryLoadOptions {
  /** The locator of ctem.yaml, so a problem with an inventory entry points at it. */
  locate?: Locator;
  /** Where GITHUB_TOKEN and GITHUB_API_URL are read (default: the process environment). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Makes the GitHub client; tests pass one without retries. */
  githubClient?: (auth: { token: string; baseUrl: string | undefined }) => Octokit;
}

export interface LoadedInventory {
  assets: InventoryAsset[];
  problems: Problem[];
}

/** Where an asset is written in its inventory, for messages. */
type Where = (index: number) => Pick<Problem, 'line' | 'column' | 'path'>;

interface ReadInventory {
  assets: InventoryAsset[];
  where: Where;
  problems: Problem[];
}

const OPTION_KEYS: readonly (keyof InventoryOptions)[] = ['org', 'include_archived', 'codeowners', 'asset'];

export async function loadInventory(root: string, ctem: CtemConfig, options: InventoryLoadOptions = {}): Promise<LoadedInventory> {
  const problems: Problem[] = [];
  const checker = createSchemaChecker();
  const at = (path: PathSegment[], key = false) => (options.locate ? options.locate(['inventory', ...path], { key }) : {});
  const batches: InventoryBatch[] = [];
  const wheres: Where[] = [];
  // Entries whose `asset:` names the asset they describe: batch index, entry index, id.
  const named: { batch: number; entry: number; id: string }[] = [];

  for (const [i, inv] of ctem.inventory.entries()) {
    const connector = inventoryConnectors.get(inv.connector);
    if (!connector) continue; // reported by checkReferences
    const entryProblems = checkEntry(inv, connector).map(({ key, message, hint }) => ({
      code: 'inventory-option', severity: 'error' as const, message, file: 'ctem.yaml', ...at(key ? [i, key] : [i], key !== undefined), ...(hint ? { hint } : {}),
    }));
    problems.push(...entryProblems);
    if (entryProblems.length > 0) continue;
    const label = inv.path ?? `github:${inv.org ?? ''}`;
    const ctx: InventoryContext = { file: label, options: pickOptions(inv) };
    try {
      const got = await readInventory(root, inv, connector, ctx, checker, ctem, options);
      problems.push(...got.problems);
      batches.push({ source: label, assets: got.assets });
      wheres.push(got.where);
      if (inv.asset !== undefined) named.push({ batch: batches.length - 1, entry: i, id: inv.asset });
    } catch (err) {
      if (!(err instanceof CtemError)) throw err;
      if (inv.optional === true) {
        for (const p of err.problems) problems.push({ ...p, severity: 'warning', message: `${p.message} (optional inventory skipped)` });
      } else problems.push(...err.problems);
    }
  }

  const correlation = correlateAssets(batches);
  for (const { index, ...p } of correlation.problems) {
    const b = batches.findIndex((x) => x.source === p.file);
    problems.push({ ...p, ...(b >= 0 ? wheres[b]!(index) : {}) });
  }
  // An SBOM's `asset:` must name an asset some other inventory knows; otherwise it is a typo.
  for (const { batch, entry, id } of named) {
    const own = batches[batch]!.source;
    const fromOthers = (a: InventoryAsset) => (a.sources ?? [a.source]).some((s) => s !== own);
    if (correlation.assets.some((a) => a.id === id && fromOthers(a))) continue;
    const guess = suggest(id, correlation.assets.filter(fromOthers).map((a) => a.id));
    problems.push({
      code: 'unknown-asset', severity: 'error', file: 'ctem.yaml', ...at([entry, 'asset']),
      message: `inventory '${own}' names unknown asset '${id}'${guess ? ` (did you mean '${guess}'?)` : ''}`,
      hint: '`asset:` must be the id of an asset in another inventory',
    });
  }
  return { assets: correlation.assets, problems };
}

/** The options of ctem.yaml this connector does not read, and those it needs but lacks. */
function checkEntry(inv: InventoryConfig, connector: InventoryConnector): { key?: string; message: string; hint?: string }[] {
  const out: { key?: string; message: string; hint?: string }[] = [];
  for (const key of OPTION_KEYS) {
    if (inv[key] !== undefined && !connector.options.includes(key)) {
      out.push({ key, message: `'${key}' does not apply to the ${connector.name} inventory`, hint: connector.options.length ? `it reads: ${connector.options.join(', ')}` : undefined });
    }
  }
  if (connector.format === 'github') {
    if (inv.path !== undefined) out.push({ key: 'path', message: `the ${connector.name} inventory reads GitHub, not a file: remove 'path'` });
    if (inv.org === undefined) out.push({ message: `the ${connector.name} inventory needs 'org', the organisation whose repositories to list` });
  } else if (inv.path === undefined) {
    out.push({ message: `the ${connector.name} inventory needs 'path', the file to read` });
  }
  return out;
}

function pickOptions(inv: InventoryConfig): InventoryOptions {
  const o: InventoryOptions = {};
  if (inv.org !== undefined) o.org = inv.org;
  if (inv.include_archived !== undefined) o.include_archived = inv.include_archived;
  if (inv.codeowners !== undefined) o.codeowners = inv.codeowners;
  if (inv.asset !== undefined) o.asset = inv.asset;
  return o;
}

async function readInventory(
  root: string,
  inv: InventoryConfig,
  connector: InventoryConnector,
  ctx: InventoryContext,
  checker: SchemaChecker,
  ctem: CtemConfig,
  options: InventoryLoadOptions,
): Promise<ReadInventory> {
  if (connector.format === 'github') {
    const doc = await fetchFromGitHub(connector, ctx, ctem, options);
    return { assets: extract(connector, doc, ctx), where: () => ({}), problems: [] };
  }
  const text = await readReportFile(join(root, inv.path!), ctx.file);
  switch (connector.format) {
    case 'yaml': {
      const parsed = parseYaml(text, ctx.file);
      if (parsed.problems.some((p) => p.severity === 'error')) throw new CtemError(parsed.problems, ExitCode.input);
      if (connector.name === 'inventory-yaml') {
        const sp = checker.check('inventory', parsed.value, ctx.file, parsed.locate);
        if (sp.length > 0) throw new CtemError(sp, ExitCode.config);
      }
      const where: Where = (index) => {
        const path = connector.locate?.(parsed.value, index).path;
        if (!path) return {};
        const pos = parsed.locate(path);
        return { line: pos.line, column: pos.column };
      };
      const unique = withoutDuplicates(extract(connector, parsed.value, ctx), ctx.file, where);
      return { assets: unique.assets, where, problems: [...parsed.problems, ...unique.problems] };
    }
    case 'csv': {
      const where: Where = (index) => ({ line: connector.locate?.(text, index).line });
      return { assets: extract(connector, text, ctx), where, problems: [] };
    }
    case 'json': {
      const doc = parseJsonReport(text, ctx.file);
      const where: Where = (index) => {
        const path = connector.locate?.(doc, index).path;
        return path ? { path: toJsonPath(path) } : {};
      };
      return { assets: extract(connector, doc, ctx), where, problems: [] };
    }
  }
}

/** Within one file an id is stated once; the second is an error at its own position. */
function withoutDuplicates(assets: InventoryAsset[], file: string, where: Where): { assets: InventoryAsset[]; problems: Problem[] } {
  const first = new Map<string, number>();
  const kept: InventoryAsset[] = [];
  const problems: Problem[] = [];
  assets.forEach((a, i) => {
    const prev = first.get(a.id);
    if (prev === undefined) {
      first.set(a.id, i);
      kept.push(a);
      return;
    }
    const line = where(prev).line;
    problems.push({ code: 'duplicate-asset', severity: 'error', message: `duplicate asset id '${a.id}'${line ? ` (first on line ${line})` : ''}`, file, ...where(i) });
  });
  return { assets: kept, problems };
}

/** The connector's extract, with a malformed document reported as one located problem. */
function extract(connector: InventoryConnector, doc: unknown, ctx: InventoryContext): InventoryAsset[] {
  try {
    return connector.extract(doc, ctx);
  } catch (err) {
    if (!(err instanceof ReportError)) throw err;
    throw new CtemError(badInventory(connector, ctx.file, err), ExitCode.input);
  }
}

function badInventory(connector: InventoryConnector, file: string, err: ReportError): Problem {
  const path = err.path !== '' && err.path !== '$' ? err.path : undefined;
  return {
    code: 'bad-inventory',
    severity: 'error',
    message: `not a valid ${connector.name} inventory: ${path && err.line === undefined ? `${path} ` : ''}${err.message}`,
    file,
    ...(err.line !== undefined ? { line: err.line } : {}),
    ...(path !== undefined ? { path } : {}),
  };
}

async function fetchFromGitHub(
  connector: Extract<InventoryConnector, { format: 'github' }>,
  ctx: InventoryContext,
  ctem: CtemConfig,
  options: InventoryLoadOptions,
): Promise<unknown> {
  const env = options.env ?? process.env;
  const token = env.GITHUB_TOKEN;
  const baseUrl = env.GITHUB_API_URL || ctem.github?.api_url || undefined;
  const fail = (message: string, hint?: string): never => {
    throw new CtemError({ code: 'github-inventory', severity: 'error', message, file: ctx.file, ...(hint ? { hint } : {}) }, ExitCode.input);
  };
  if (token === undefined || token === '') {
    fail(`listing the repositories of '${ctx.options.org}' needs a GitHub token`, 'set GITHUB_TOKEN (read access to metadata and contents), or mark the inventory `optional: true`');
  }
  const client = (options.githubClient ?? defaultClient)({ token: token!, baseUrl });
  try {
    return await connector.fetch(client, ctx);
  } catch (err) {
    if (err instanceof ReportError) throw new CtemError(badInventory(connector, ctx.file, err), ExitCode.config);
    const status = (err as { status?: unknown }).status;
    if (typeof status !== 'number') {
      const code = (err as { code?: unknown }).code;
      return fail(`could not reach GitHub${baseUrl ? ` at ${baseUrl}` : ''} (${typeof code === 'string' ? code : (err as Error).message})`);
    }
    const org = ctx.options.org ?? '';
    if (status === 401) return fail('GitHub rejected the token (401)', 'check GITHUB_TOKEN');
    if (status === 404) return fail(`GitHub organisation '${org}' not found, or the token cannot see it (404)`);
    if (status === 403 || status === 429) return fail(`GitHub refused to list '${org}' (${status}: rate limit or permission)`, 'the token needs read access to metadata and contents');
    return fail(`GitHub answered ${status} while listing '${org}'`);
  }
}

/** GitHub's public API, when neither GITHUB_API_URL nor `github.api_url` names another. */
const GITHUB_API = 'https://api.github.com';

function defaultClient(auth: { token: string; baseUrl: string | undefined }): Octokit {
  return createGitHubClient({ token: auth.token, baseUrl: auth.baseUrl ?? GITHUB_API, timer: realTimer }).octokit;
}
