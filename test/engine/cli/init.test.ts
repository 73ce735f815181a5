import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli.ts';

describe('ctem init', () => {
  it('scaffolds a repository that validates, with CODEOWNERS guarding policies and exceptions', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ctem-init-'));
    const r = await runCli(['init', dir, '--owner', 'acme', '--security-team', 'acme/appsec']);
    expect(r.code).toBe(0);
    const v = await runCli(['validate', '--dir', dir]);
    expect(v.stderr).toEqual([]);
    expect(v.code).toBe(0);
    const owners = await readFile(join(dir, '.github', 'CODEOWNERS'), 'utf8');
    expect(owners).toContain('/policies/            @acme/appsec');
    expect(owners).toContain('/exceptions/          @acme/appsec');
    expect(await readFile(join(dir, 'schemas', 'scope.schema.json'), 'utf8')).toContain('"title": "ctem scope"');
  });

  it('says what to do next, from where the user is, and the scaffold runs as it is', async () => {
    const parent = await mkdtemp(join(tmpdir(), 'ctem-init-'));
    const r = await runCli(['init', 'exposures', '--owner', 'acme'], { cwd: parent });
    expect(r.code).toBe(0);
    expect(r.stdout.slice(-2)).toEqual([
      'next: cd exposures, add scanner reports under reports/, then `ctem validate` and `ctem run --dry-run`',
      '      for EPSS and CISA KEV: uncomment feeds: in ctem.yaml, then `ctem feeds update`',
    ]);
    const dir = join(parent, 'exposures');
    expect(await readFile(join(dir, 'ctem.yaml'), 'utf8')).toContain('# feeds:\n#   epss: feeds/epss.csv.gz\n#   kev: feeds/kev.json\n');
    const run = await runCli(['run', '--dry-run', '--out', 'out'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout.at(-1)).toBe('wrote out/decisions.ndjson, out/plan.json, out/plan.md');
  });

  it('refuses an owner that is not a GitHub name, and a second directory', async () => {
    const bad = await runCli(['init', '--owner', 'acme/team']);
    expect(bad.code).toBe(2);
    expect(bad.stderr[0]).toBe("ctem init: --owner must be a GitHub organisation or user name, not 'acme/team'");
    const two = await runCli(['init', 'a', 'b', '--owner', 'acme']);
    expect(two.code).toBe(2);
    expect(two.stderr[0]).toBe('ctem init: one directory at most, got 2');
  });

  it('refuses to overwrite an existing repository without --force', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ctem-init-'));
    expect((await runCli(['init', dir, '--owner', 'acme'])).code).toBe(0);
    const again = await runCli(['init', dir, '--owner', 'acme']);
    expect(again.code).toBe(2);
    expect(again.stderr[0]).toMatch(/ctem\.yaml already exists/);
  });

  it('requires an owner', async () => {
    const r = await runCli(['init', '--organisation', 'x']);
    expect(r.code).toBe(2);
    expect(r.stderr[0]).toContain('--owner ORG is required');
  });
});
