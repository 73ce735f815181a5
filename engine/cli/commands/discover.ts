import { resolve } from 'node:path';
import { findingConnectors } from '../../../connectors/registry.ts';
import { gitHubAccessFromEnv } from '../../app/github-access.ts';
import { suggest } from '../../config/suggest.ts';
import { fileConnector, forEachFileFinding, ingestAlerts, ingestFile, type IngestOptions } from '../../discover/ingest.ts';
import { mergeFindings } from '../../discover/merge.ts';
import { progressFor } from '../../discover/progress.ts';
import { CtemError, ExitCode } from '../../errors.ts';
import type { Finding } from '../../model/finding.ts';
import { str, type Command, type ParsedArgs } from '../command.ts';

const names = (format: 'file' | 'github') =>
  [...findingConnectors.values()].filter((c) => (c.format === 'github') === (format === 'github')).map((c) => c.name).join(', ');

const usage = (message: string): CtemError =>
  new CtemError({ code: 'usage', severity: 'error', message: `ctem discover: ${message}`, hint: 'see ctem discover --help' }, ExitCode.usage);

/** `--options JSON` and `--map TARGET=FIELD...` as one options object. */
function connectorOptions(args: ParsedArgs): Record<string, unknown> | undefined {
  let options: Record<string, unknown> | undefined;
  const raw = str(args.values.options);
  if (raw !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw usage('--options must be a JSON object, e.g. --options \'{"kind":"misconfiguration"}\'');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw usage('--options must be a JSON object');
    options = parsed as Record<string, unknown>;
  }
  const maps = (args.values.map as string[] | undefined) ?? [];
  if (maps.length > 0) {
    const mapping: Record<string, string> = {};
    for (const m of maps) {
      const eq = m.indexOf('=');
      if (eq <= 0 || eq === m.length - 1) throw usage(`--map takes TARGET=FIELD, e.g. --map id=CVE (got '${m}')`);
      Object.defineProperty(mapping, m.slice(0, eq).trim(), { value: m.slice(eq + 1), enumerable: true, writable: true, configurable: true });
    }
    options = { ...options, mapping };
  }
  return options;
}


export const discoverCommand: Command = {
  name: 'discover',
  summary: 'Ingest scanner reports or GitHub alerts and print normalised findings (no configuration needed).',
  usage:
    'ctem discover [--connector NAME|auto] --input FILE [--input FILE...] [--options JSON] [--map TARGET=FIELD...] [--format ndjson|json] [--raw]\n' +
    '       ctem discover --connector github-dependabot|github-code-scanning|github-secret-scanning --repo OWNER/NAME|--org ORG [--state STATE]',
  help: `Options:
  --connector NAME      ${names('file')}, or auto (default) to detect each file;
                        ${names('github')} to read GitHub alerts
  --input FILE          a report file; repeat for several (mixed formats are fine with auto)
  --options JSON        connector options as a JSON object (docs/connectors.md), e.g. '{"delimiter":";"}'
  --map TARGET=FIELD    ndjson/csv: read finding field TARGET from column or key FIELD; repeat, e.g.
                        --map id=CVE --map severity=Risk --map asset=Host --map package=Package
  --repo OWNER/NAME     GitHub connectors: the alerts of this repository
  --org ORG             GitHub connectors: the alerts of every repository of this organisation
  --state STATE         GitHub connectors: alert state(s), comma-separated, or all (default open)
  --asset ID            attach every finding to this asset (default: what the report names, else the
                        input file's path)
  --format FMT          ndjson (default): one finding per line; json: one array
  --raw                 with several inputs, print every finding as reported instead of merging the same
                        exposure from several tools into one line that lists all of its sources (only
                        findings on the same asset merge: give --asset when the reports name none or
                        name it differently)
Environment: GITHUB_TOKEN (GitHub connectors), GITHUB_API_URL (default https://api.github.com).
Exit codes: 0 ok, 2 usage error, 4 a report is malformed or GitHub refused (nothing is printed).`,
  options: {
    connector: { type: 'string' },
    input: { type: 'string', multiple: true },
    asset: { type: 'string' },
    format: { type: 'string' },
    raw: { type: 'boolean' },
    options: { type: 'string' },
    map: { type: 'string', multiple: true },
    repo: { type: 'string' },
    org: { type: 'string' },
    state: { type: 'string' },
  },
  async run(args, io) {
    const inputs = (args.values.input as string[] | undefined) ?? [];
    const format = str(args.values.format) ?? 'ndjson';
    if (!['ndjson', 'json'].includes(format)) throw usage(`unknown --format '${format}'`);
    const connectorName = str(args.values.connector) ?? 'auto';
    const asset = str(args.values.asset);
    const options = connectorOptions(args);
    const print = (f: Finding) => io.out(JSON.stringify(f));
    const printAll = (all: Finding[]) => {
      if (format === 'json') io.out(JSON.stringify(all, null, 2));
      else all.forEach(print);
    };

    const connector = findingConnectors.get(connectorName);
    if (connector === undefined && connectorName !== 'auto') {
      const guess = suggest(connectorName, [...findingConnectors.keys()]);
      throw new CtemError(
        { code: 'usage', severity: 'error', message: `ctem discover: unknown connector '${connectorName}'${guess ? ` (did you mean '${guess}'?)` : ''}`, hint: `available: auto, ${names('file')}, ${names('github')}` },
        ExitCode.usage,
      );
    }
    const repo = str(args.values.repo);
    const org = str(args.values.org);
    const state = str(args.values.state);
    if (connector?.format === 'github') {
      if (inputs.length > 0) throw usage(`connector '${connectorName}' reads GitHub's API: give --repo or --org, not --input`);
      if ((repo === undefined) === (org === undefined)) throw usage(`connector '${connectorName}' needs exactly one of --repo OWNER/NAME or --org ORG`);
      const states = state?.split(',').map((s) => s.trim()).filter((s) => s !== '');
      const githubOptions = {
        ...options,
        ...(repo !== undefined ? { repo } : { org }),
        ...(states !== undefined ? { state: states.length === 1 ? states[0] : states } : {}),
      };
      const findings = await ingestAlerts(connector, gitHubAccessFromEnv(io.env), githubOptions, (hint) => asset ?? hint ?? 'unknown');
      printAll(findings);
      return ExitCode.ok;
    }

    if (repo !== undefined || org !== undefined || state !== undefined) throw usage(`--repo, --org and --state are for the GitHub connectors (${names('github')})`);
    if (inputs.length === 0) throw usage('--input FILE is required');
    if (options !== undefined && connectorName === 'auto') throw usage('--options and --map need a named --connector (auto cannot know which options apply)');
    const opts: IngestOptions = { options, progress: progressFor(io.errIsTTY, io.env) };
    const resolveAsset = (input: string) => (hint: string | undefined) => asset ?? hint ?? input;

    // One line-format input printed as ndjson: stream it, in memory bounded by one line,
    // after a first pass has checked the whole file (a bad line means no output at all).
    if (inputs.length === 1 && format === 'ndjson') {
      const input = inputs[0]!;
      const path = resolve(io.cwd, input);
      const c = await fileConnector(path, input, connectorName);
      if (c?.format === 'lines') {
        await forEachFileFinding(path, input, connectorName, resolveAsset(input), opts, () => {});
        // Printing waits whenever stdout is full: the file is never buffered in memory.
        await forEachFileFinding(path, input, connectorName, resolveAsset(input), opts, (f) => {
          print(f);
          return io.drain?.();
        });
        return ExitCode.ok;
      }
    }

    let all: Finding[] = [];
    // Read every input before printing anything: one bad file means no partial output.
    for (const input of inputs) {
      const { findings } = await ingestFile(resolve(io.cwd, input), input, connectorName, resolveAsset(input), opts);
      for (const f of findings) all.push(f); // not push(...): a large report would overflow the call stack
    }
    if (inputs.length > 1 && !args.values.raw) all = mergeFindings(all);
    printAll(all);
    return ExitCode.ok;
  },
};
