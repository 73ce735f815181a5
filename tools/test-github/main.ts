/**
 * Run the test GitHub on its own, for demos and manual runs of ctem:
 *
 *   npm run test-github -- [--port N] [--seed seed.json] [--token T]
 *
 * Listens on 127.0.0.1 only. Prints one line with the URL and token, then one line
 * per request (and any contract violation) until Ctrl-C.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DEMO_SEED, applySeed, type SeedFile } from './demo-seed.ts';
import { formatEntry } from './log.ts';
import { createTestGitHub } from './server.ts';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      seed: { type: 'string' },
      token: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log('usage: npm run test-github -- [--port N] [--seed seed.json] [--token T]\n(env PORT also sets the port; default: a free one)');
    return;
  }
  const port = Number(values.port ?? process.env.PORT ?? 0);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid port ${values.port ?? process.env.PORT}`);
  const token = values.token ?? 'test-token';
  const seed: SeedFile = values.seed ? (JSON.parse(readFileSync(values.seed, 'utf8')) as SeedFile) : DEMO_SEED;

  const gh = await createTestGitHub({ port, tokens: { [token]: { permissions: 'all' } } });
  applySeed(gh.state, seed);
  let reported = 0;
  gh.log.onEntry((e) => {
    console.log(formatEntry(e));
    for (const v of gh.violations.slice(reported)) console.log(`  VIOLATION ${v.part} ${v.jsonPath || '/'}: ${v.message}`);
    reported = gh.violations.length;
  });
  console.log(`test GitHub listening on ${gh.url} (token: ${token})`);

  const stop = (): void => {
    void gh.close().then(() => process.exit(gh.violations.length > 0 ? 1 : 0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(2);
});
