import { resolve } from 'node:path';
import { ExitCode, hasErrors } from '../../errors.ts';
import { checkConfiguration } from '../../app/prepare.ts';
import { str, type Command } from '../command.ts';
import { reportProblems } from '../report-problems.ts';
import { fsReader } from '../../config/fs-reader.ts';

export const validateCommand: Command = {
  name: 'validate',
  summary: 'Check every configuration file against its schema and cross-references.',
  usage: 'ctem validate [--dir DIR]',
  help: `Options:
  --dir DIR             the exposure repository (default: the current directory)
Exit codes: 0 valid (warnings allowed), 2 usage, 3 invalid configuration or inventory.`,
  options: { dir: { type: 'string' } },
  async run(args, io) {
    const root = resolve(io.cwd, str(args.values.dir) ?? '.');
    const { config, assets, problems } = await checkConfiguration(root, io.now(), fsReader(root), io.env);
    reportProblems(problems, io);
    if (hasErrors(problems) || !config) {
      io.err(`ctem validate: ${problems.filter((p) => p.severity === 'error').length} error(s); nothing was run`);
      return ExitCode.config;
    }
    const rules = config.policies.reduce((n, p) => n + p.value.rules.length, 0);
    io.out(
      `ctem validate: OK — ${config.scopes.length} scopes, ${config.policies.length} policies (${rules} rules), ` +
        `${config.exceptions.length} exceptions, ${config.templates.size} templates, ${assets.length} assets` +
        (problems.length ? `; ${problems.length} warning(s)` : ''),
    );
    return ExitCode.ok;
  },
};
