import { mkdir, readdir, writeFile, access } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { renderSchemaFiles } from '../../config/schema/render.ts';
import { CtemError, ExitCode } from '../../errors.ts';
import { scaffoldFiles } from '../../init/scaffold.ts';
import { str, type Command } from '../command.ts';

const exists = (p: string) => access(p).then(() => true, () => false);

export const initCommand: Command = {
  name: 'init',
  summary: 'Scaffold an exposure repository: configuration, schemas, example scope and policy, CODEOWNERS.',
  usage: 'ctem init [DIR] --owner ORG [--organisation NAME] [--security-team ORG/TEAM] [--force]',
  help: `Options:
  DIR                   where to create it (default: the current directory)
  --owner ORG           the GitHub organisation that owns the repositories
  --organisation NAME   display name (default: ORG)
  --security-team ORG/TEAM
                        the team that reviews policy and exception changes (default: ORG/security)
  --force               write into a directory that already has a ctem.yaml
Writes ctem.yaml, inventory.yaml, scopes/, policies/, exceptions/, templates/, schemas/ and .github/CODEOWNERS.
Copy the workflows from the ctem repository's .github/workflows/ (ctem-plan.yml, ctem-run.yml) to run it on GitHub.
Exit codes: 0 ok, 2 usage (or an existing ctem.yaml without --force).`,
  options: { owner: { type: 'string' }, organisation: { type: 'string' }, 'security-team': { type: 'string' }, force: { type: 'boolean' } },
  allowPositionals: true,
  async run(args, io) {
    const owner = str(args.values.owner);
    if (!owner || !/^[A-Za-z0-9][A-Za-z0-9-]*$/.test(owner)) {
      const message = owner ? `ctem init: --owner must be a GitHub organisation or user name, not '${owner}'` : 'ctem init: --owner ORG is required (a GitHub organisation or user)';
      throw new CtemError({ code: 'usage', severity: 'error', message, hint: 'ctem init --owner acme' }, ExitCode.usage);
    }
    if (args.positionals.length > 1) {
      throw new CtemError({ code: 'usage', severity: 'error', message: `ctem init: one directory at most, got ${args.positionals.length}`, hint: 'see ctem init --help' }, ExitCode.usage);
    }
    const team = str(args.values['security-team']) ?? `${owner}/security`;
    if (!/^[A-Za-z0-9][A-Za-z0-9-]*\/[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(team)) {
      throw new CtemError({ code: 'usage', severity: 'error', message: `ctem init: --security-team must be ORG/TEAM, got '${team}'` }, ExitCode.usage);
    }
    const dir = resolve(io.cwd, args.positionals[0] ?? '.');
    if ((await exists(join(dir, 'ctem.yaml'))) && !args.values.force) {
      throw new CtemError({ code: 'usage', severity: 'error', message: `${join(dir, 'ctem.yaml')} already exists`, hint: 'pass --force to overwrite the scaffold files' }, ExitCode.usage);
    }
    const files = scaffoldFiles({ organisation: str(args.values.organisation) ?? owner, owner, securityTeam: team });
    for (const [name, content] of renderSchemaFiles()) files.set(`schemas/${name}`, content);
    for (const [name, content] of files) {
      await mkdir(dirname(join(dir, name)), { recursive: true });
      await writeFile(join(dir, name), content);
    }
    io.out(`ctem init: wrote ${files.size} files in ${dir}`);
    io.out((await readdir(dir)).sort().map((f) => `  ${f}`).join('\n'));
    const there = relative(io.cwd, dir);
    const cd = there === '' ? '' : `cd ${there.includes(' ') ? JSON.stringify(there) : there}, `;
    io.out(`next: ${cd}add scanner reports under reports/, then \`ctem validate\` and \`ctem run --dry-run\``);
    io.out('      for EPSS and CISA KEV: uncomment feeds: in ctem.yaml, then `ctem feeds update`');
    return ExitCode.ok;
  },
};
