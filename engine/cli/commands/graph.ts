/**
 * `ctem graph`: the attack graph of the estate — paths from entry points to crown
 * jewels and the ranked choke points — as text, Mermaid or Graphviz DOT. Runs the
 * cycle up to the validation stage exactly as `ctem run` does (same inputs, same
 * evidence), so the graph is the one decisions were made on. docs/validation.md.
 */
import { writeFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { cycleInputFrom, prepareRun } from '../../app/prepare.ts';
import { runCycle } from '../../cycle.ts';
import { CtemError, ExitCode, exitCodeForProblems } from '../../errors.ts';
import { graphDot, graphMermaid, graphText } from '../../validate/render-graph.ts';
import { str, type Command } from '../command.ts';
import { reportProblems } from '../report-problems.ts';

const FORMATS = ['text', 'mermaid', 'dot'] as const;

export const graphCommand: Command = {
  name: 'graph',
  summary: 'Show attack paths from entry points to crown jewels and the ranked choke points.',
  usage: 'ctem graph [--dir DIR] [--format text|mermaid|dot] [--out FILE]',
  help: `Options:
  --dir DIR             the exposure repository (default: the current directory)
  --format FORMAT       text (default): entry points, paths, choke points, edges an attacker cannot cross;
                        mermaid: a flowchart (GitHub renders it in Markdown); dot: Graphviz (dot -Tsvg)
  --out FILE            write to FILE instead of standard output
Exit codes: 0 ok, 2 usage, 3 invalid configuration, 4 malformed input report, inventory, feed or evidence.`,
  options: { dir: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' } },
  async run(args, io) {
    const format = str(args.values.format) ?? 'text';
    if (!(FORMATS as readonly string[]).includes(format)) {
      throw new CtemError(
        { code: 'usage', severity: 'error', message: `ctem graph: unknown format '${format}'`, hint: `use one of ${FORMATS.join(', ')}` },
        ExitCode.usage,
      );
    }
    const root = resolve(io.cwd, str(args.values.dir) ?? '.');
    const now = io.now();
    const { prepared, problems } = await prepareRun(root, now, { env: io.env });
    reportProblems(problems, io);
    if (!prepared) {
      const errors = problems.filter((p) => p.severity === 'error');
      io.err(`ctem graph: ${errors.length} error(s); nothing was run`);
      return exitCodeForProblems(errors);
    }
    const result = runCycle(cycleInputFrom(prepared, now));
    const graph = result.validation!.graph;
    reportProblems(result.problems.filter((p) => p.code.startsWith('vex-') || p.code.startsWith('confirmation-')), io);

    let text: string;
    if (format === 'mermaid') text = graphMermaid(graph);
    else if (format === 'dot') text = graphDot(graph);
    else {
      const pivots = new Map<string, string[]>();
      for (const d of result.decisions) {
        if (d.validation.pivot !== true) continue;
        const id = d.finding.vulnerability_id ?? d.finding.rule_id;
        const list = pivots.get(d.asset) ?? [];
        if (!list.includes(id)) list.push(id);
        pivots.set(d.asset, list);
      }
      text = graphText(graph, { pivots }).join('\n') + '\n';
    }
    const out = str(args.values.out);
    if (out === undefined) {
      io.out(text.replace(/\n$/, ''));
    } else {
      const file = resolve(io.cwd, out);
      await writeFile(file, text);
      io.out(`ctem graph: wrote ${relative(io.cwd, file) || file} (${format})`);
    }
    return ExitCode.ok;
  },
};
