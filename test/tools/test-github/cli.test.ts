/**
 * `npm run test-github`: the demo estate it serves by default, and the process itself
 * (loopback only, one line with URL and token, one log line per request, Ctrl-C).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_SEED, applySeed, type SeedFile } from '../../../tools/test-github/demo-seed.ts';
import { repoRoot } from '../../support/corpus.ts';
import { client, expectNoViolations, startGitHub } from './helpers.ts';

describe('demo seed', () => {
  it('builds a world whose every answer satisfies the contract', async () => {
    const gh = await startGitHub();
    applySeed(gh.state, DEMO_SEED);
    const o = client(gh);
    expect((await o.repos.listForOrg({ org: 'acme' })).data.map((r) => r.name).sort()).toEqual(['billing', 'legacy-tools', 'web']);
    expect((await o.issues.listForRepo({ owner: 'acme', repo: 'web' })).data[0]?.assignees?.map((a) => a.login)).toEqual(['alice']);
    expect((await o.dependabot.listAlertsForOrg({ org: 'acme' })).data.map((a) => a.security_advisory.cve_id)).toEqual(['CVE-2021-23337']);
    expect((await o.codeScanning.listAlertsForRepo({ owner: 'acme', repo: 'web' })).data).toEqual([]);
    expect((await o.repos.getContent({ owner: 'acme', repo: 'web', path: 'CODEOWNERS' })).status).toBe(200);
    expect((await o.users.getAuthenticated()).data.login).toBe('ctem-bot');
    expectNoViolations(gh);
  });
});

describe('tools/test-github/main.ts', () => {
  it('starts on 127.0.0.1 from a --seed file, logs one line per request, stops on SIGINT', async () => {
    const seed: SeedFile = { orgs: [{ login: 'demo-org' }], repos: [{ owner: 'demo-org', name: 'svc' }], issues: [{ owner: 'demo-org', repo: 'svc', title: 'from the seed file' }] };
    const seedPath = join(mkdtempSync(join(tmpdir(), 'test-github-')), 'seed.json');
    writeFileSync(seedPath, JSON.stringify(seed));
    const child = spawn(process.execPath, ['--import', 'tsx', 'tools/test-github/main.ts', '--seed', seedPath, '--token', 'demo-token'], {
      cwd: repoRoot,
      env: { ...process.env, PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
    });
    const waitFor = async (re: RegExp): Promise<void> => {
      const deadline = Date.now() + 20_000;
      while (!re.test(out) && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 50));
    };
    try {
      await waitFor(/listening on/);
      const m = /^test GitHub listening on (http:\/\/127\.0\.0\.1:\d+) \(token: demo-token\)$/m.exec(out);
      expect(m, out).not.toBeNull();
      const url = (m as RegExpExecArray)[1] as string;

      const res = await fetch(`${url}/repos/demo-org/svc/issues`, { headers: { authorization: 'token demo-token' } });
      expect(res.status).toBe(200);
      expect(((await res.json()) as Array<{ title: string }>).map((i) => i.title)).toEqual(['from the seed file']);
      await waitFor(/issues\/list-for-repo/);
      expect(out).toMatch(/ 200 {2}GET {4}\/repos\/demo-org\/svc\/issues issues\/list-for-repo \d+ms/);
    } finally {
      child.kill('SIGINT');
      await once(child, 'exit');
    }
    expect(child.exitCode).toBe(0);
  });
});
