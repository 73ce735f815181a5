import { resolve } from 'node:path';
import { findingConnectors } from '../../../connectors/registry.ts';
import { ingestFile } from '../../discover/ingest.ts';
import { mergeFindings } from '../../discover/merge.ts';
import { CtemError, ExitCode } from '../../errors.ts';
import type { Finding } from '../../model/finding.ts';
import { str, type Command } from '../command.ts';

export const discoverCommand: Command = {
  name: 'discover',
  summary: 'Ingest scanner reports and print normalised findings (no configuration needed).',
  usage: 'ctem discover --connector NAME|auto --input FILE [--input FILE...] [--format ndjson|json] [--raw]',
  help: `Options:
  --connector NAME      ${[...findingConnectors.keys()].join(', ')}, or auto (default) to detect each file
  --input FILE          a report file; repeat for several (mixed formats are fine with auto)
  --asset ID            attach every finding to this asset (default: what the report names)
  --format FMT          ndjson (default): one finding per line; json: one array
  --raw                 with several inputs, print every finding as reported instead of merging the same
                        exposure from several tools into one line that lists all of its sources
Exit codes: 0 ok, 2 usage error, 4 a report is malformed (nothing is printed).`,
  options: {
    connector: { type: 'string' },
    input: { type: 'string', multiple: true },
    asset: { type: 'string' },
    format: { type: 'string' },
    raw: { type: 'boolean' },
  },
  async run(args, io) {
    const inputs = (args.values.input as string[] | undefined) ?? [];
    const format = str(args.values.format) ?? 'ndjson';
    if (inputs.length === 0 || !['ndjson', 'json'].includes(format)) {
      throw new CtemError(
        { code: 'usage', severity: 'error', message: inputs.length === 0 ? 'ctem discover: --input FILE is required' : `ctem discover: unknown --format '${format}'`, hint: 'see ctem discover --help' },
        ExitCode.usage,
      );
    }
    const connector = str(args.values.connector) ?? 'auto';
    const asset = str(args.values.asset);
    let all: Finding[] = [];
    // Read every input before printing anything: one bad file means no partial output.
    for (const input of inputs) {
      const { findings } = await ingestFile(resolve(io.cwd, input), input, connector, (hint) => asset ?? hint ?? input);
      all.push(...findings);
    }
    if (inputs.length > 1 && !args.values.raw) all = mergeFindings(all);
    if (format === 'json') io.out(JSON.stringify(all, null, 2));
    else for (const f of all) io.out(JSON.stringify(f));
    return ExitCode.ok;
  },
};
