import { resolve } from 'node:path';
import { updateFeeds } from '../../app/feeds-update.ts';
import { fsReader } from '../../config/fs-reader.ts';
import { CONFIG_FILE, loadConfig } from '../../config/load.ts';
import { CtemError, ExitCode, type Problem } from '../../errors.ts';
import { str, type Command } from '../command.ts';
import { reportProblems } from '../report-problems.ts';

export const feedsCommand: Command = {
  name: 'feeds',
  summary: 'Download fresh EPSS and CISA KEV feeds to the paths in ctem.yaml (with HTTP caching).',
  usage: 'ctem feeds update [--dir DIR]',
  help: `Downloads each feed that ctem.yaml names (feeds.epss, feeds.kev) from feeds.epss_url / feeds.kev_url,
or from FIRST's and CISA's official locations. A feed that has not changed is not downloaded again
(ETag / Last-Modified, kept in <feed>.cache.json); a download the parser rejects never replaces the file.

Options:
  --dir DIR             the exposure repository (default: the current directory)
Exit codes: 0 every feed updated or unchanged, 2 usage, 3 invalid ctem.yaml, 4 a feed could not be updated
(its old file is kept).`,
  options: { dir: { type: 'string' } },
  allowPositionals: true,
  async run(args, io) {
    const [sub, ...extra] = args.positionals;
    if (sub !== 'update' || extra.length > 0) {
      throw new CtemError(
        { code: 'usage', severity: 'error', message: sub === undefined ? 'ctem feeds: which action? (update)' : `ctem feeds: unknown action '${[sub, ...extra].join(' ')}'`, hint: 'run `ctem feeds update`' },
        ExitCode.usage,
      );
    }
    const root = resolve(io.cwd, str(args.values.dir) ?? '.');
    const { config, problems } = await loadConfig(fsReader(root));
    // Only ctem.yaml matters here: a broken policy must not stop the feeds from being refreshed.
    const own = problems.filter((p) => p.severity === 'error' && (p.file === undefined || p.file === CONFIG_FILE));
    if (!config || own.length > 0) {
      reportProblems(own, io);
      io.err(`ctem feeds update: ${own.length} error(s) in ${CONFIG_FILE}; nothing was downloaded`);
      return ExitCode.config;
    }
    const feeds = config.ctem.value.feeds ?? {};
    if (feeds.epss === undefined && feeds.kev === undefined) {
      io.out(`ctem feeds update: ${CONFIG_FILE} names no feed file (feeds.epss, feeds.kev); nothing to update`);
      return ExitCode.ok;
    }
    const results = await updateFeeds(root, feeds, { now: io.now() });
    const failures: Problem[] = [];
    for (const r of results) {
      const name = r.feed.toUpperCase().padEnd(4);
      if (r.outcome === 'updated') io.out(`${name}  ${r.file}: updated from ${r.source}: ${r.version}`);
      else if (r.outcome === 'not-modified') io.out(`${name}  ${r.file}: unchanged since the last download (${r.source})${r.version ? `: ${r.version}` : ''}`);
      else failures.push({ code: 'feed-update', severity: 'error', message: `${r.message} (${r.source})`, file: r.file, hint: 'the previous file is still in place; try again later or check feeds.*_url in ctem.yaml' });
    }
    reportProblems(failures, io);
    return failures.length > 0 ? ExitCode.input : ExitCode.ok;
  },
};
