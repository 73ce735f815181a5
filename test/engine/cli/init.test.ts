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
