import { resolve } from 'node:path';
import { fsReader } from '../../config/fs-reader.ts';
import { loadConfig } from '../../config/load.ts';
import { CtemError, ExitCode } from '../../errors.ts';
import { readHistory, resolveFingerprint } from '../../ledger/history.ts';
import { historyText } from '../../ledger/history-text.ts';
import { ledgerLocation } from '../../ledger/location.ts';
import { openLedger, type Ledger } from '../../ledger/open-ledger.ts';
import { exceptionProvenance, ruleProvenance, type Provenance } from '../../ledger/provenance.ts';
import { decidersOf } from '../../ledger/provenance-set.ts';
import { buildTimeline } from '../../ledger/timeline.ts';
import { str, type Command } from '../command.ts';

export const historyCommand: Command = {
  name: 'history',
  summary: 'The timeline of one exposure from the decision ledger, and who changed the rules and exceptions behind it.',
  usage: 'ctem history ID [--dir DIR] [--format text|json]',
  help: `ID is an exposure's fingerprint, or its first 4 or more characters.

Reads the ledger that ctem.yaml names (ledger:, default: the branch ctem-ledger); see docs/ledger.md.
Options:
  --dir DIR             the exposure repository (default: the current directory)
  --format FMT          text (default): one block per run that changed the exposure; json: the same as data
Exit codes: 0 ok, 2 unknown or ambiguous ID or empty ledger, 3 invalid ctem.yaml, 7 the ledger branch diverged from its remote copy.`,
  options: { dir: { type: 'string' }, format: { type: 'string' } },
  allowPositionals: true,
  async run(args, io) {
    const format = str(args.values.format) ?? 'text';
    const usage = (message: string) => new CtemError({ code: 'usage', severity: 'error', message: `ctem history: ${message}`, hint: 'see ctem history --help' }, ExitCode.usage);
    if (args.positionals.length !== 1) throw usage(args.positionals.length === 0 ? 'which exposure? give its fingerprint' : 'give exactly one ID');
    if (!['text', 'json'].includes(format)) throw usage(`unknown --format '${format}'`);
    const root = resolve(io.cwd, str(args.values.dir) ?? '.');
    const ledger = await openConfiguredLedger(root);
    const fingerprint = await resolveFingerprint(ledger, args.positionals[0]!);
    const points = await readHistory(ledger, fingerprint);
    const timeline = buildTimeline(points);
    const provenance = await provenanceOf(ledger, points);
    if (format === 'json') io.out(JSON.stringify({ fingerprint, ledger: ledger.describe, timeline, provenance }, null, 2));
    else for (const l of historyText(fingerprint, ledger.describe, timeline, provenance)) io.out(l);
    return ExitCode.ok;
  },
};

/** The ledger ctem.yaml names; ctem.yaml must at least parse, or the wrong ledger might be read. */
export async function openConfiguredLedger(root: string): Promise<Ledger> {
  const { config, problems } = await loadConfig(fsReader(root));
  const own = problems.filter((p) => p.severity === 'error' && p.file === 'ctem.yaml');
  if (!config) throw new CtemError(own.length ? own : problems.filter((p) => p.severity === 'error'), ExitCode.config);
  return openLedger(root, ledgerLocation(config.ctem.value.ledger));
}

async function provenanceOf(ledger: Ledger, points: Parameters<typeof decidersOf>[0]): Promise<Provenance[]> {
  if (!ledger.repo) return [];
  const { rules, exceptions } = decidersOf(points);
  const out: Provenance[] = [];
  for (const r of rules) out.push(await ruleProvenance(ledger.repo, r));
  for (const e of exceptions) out.push(await exceptionProvenance(ledger.repo, e.exception, e.configCommit));
  return out;
}
