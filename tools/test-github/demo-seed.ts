/**
 * The world `npm run test-github` starts with when no --seed file is given, and the
 * format of a seed file: an org with a few repositories of different kinds, some
 * labels, an existing ctem issue, and a few alerts, enough to run ctem against.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AlertKind, SeedIssue, SeedRepo, State } from './state.ts';

export interface SeedFile {
  users?: Array<{ login: string; name?: string; email?: string }>;
  orgs?: Array<{ login: string; name?: string }>;
  repos?: SeedRepo[];
  issues?: SeedIssue[];
  alerts?: Array<{ kind: AlertKind; repo: string; items: object[] }>;
}

/**
 * The bundled example's estate (README: Acme Robotics), so that `ctem run` on this
 * repository mobilises against the demo server: every repository the inventory and
 * ctem.yaml name, the scope owners' users, and `security-exposures` holding this
 * repository's scopes and exceptions, to serve as the exposure repository
 * (GITHUB_REPOSITORY=acme-robotics/security-exposures) for scope-drift and renewal PRs.
 */
const ACME_ROBOTICS_REPOS = [
  'payments-api', 'billing-service', 'ledger-core', 'identity-platform', 'auth-service', 'storefront-web', 'storefront-edge',
  'marketing-site', 'search-service', 'edge-gateway', 'batch-worker', 'infra-terraform', 'deploy-scripts', 'metrics-stack',
  'etl-pipelines', 'hackathon-bot',
];

/** This checkout's configuration files (`scopes/`, `exceptions/`), as the exposure repository's content. */
function exposureRepositoryFiles(): Record<string, string> {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
  const files: Record<string, string> = { 'README.md': '# security-exposures\n\nAcme Robotics exposure repository (ctem).\n' };
  for (const dir of ['scopes', 'exceptions', 'policies']) {
    try {
      for (const f of readdirSync(join(root, dir)).filter((n) => n.endsWith('.yaml')).sort()) files[`${dir}/${f}`] = readFileSync(join(root, dir, f), 'utf8');
    } catch {
      // Not a checkout with configuration: the repository just has a README.
    }
  }
  return files;
}

const ACME_ROBOTICS: Required<Pick<SeedFile, 'orgs' | 'users' | 'repos'>> = {
  orgs: [{ login: 'acme-robotics', name: 'Acme Robotics' }],
  users: ['payments-oncall', 'storefront-lead', 'security-lead', 'platform-lead'].map((login) => ({ login })),
  repos: [
    ...ACME_ROBOTICS_REPOS.map((name): SeedRepo => ({
      owner: 'acme-robotics',
      name,
      files: name === 'storefront-web' ? { 'README.md': '# storefront-web\n', 'package.json': '{\n  "name": "storefront-web",\n  "dependencies": {\n    "jquery": "3.3.9"\n  }\n}\n' } : undefined,
    })),
    { owner: 'acme-robotics', name: 'security-exposures', description: 'Exposure repository and central security issues', files: exposureRepositoryFiles() },
  ],
};

export const DEMO_SEED: SeedFile = {
  orgs: [{ login: 'acme', name: 'Acme Corp' }, ...ACME_ROBOTICS.orgs],
  users: [{ login: 'alice', name: 'Alice Security' }, ...ACME_ROBOTICS.users],
  repos: [
    ...ACME_ROBOTICS.repos,
    {
      owner: 'acme',
      name: 'web',
      description: 'Customer-facing web app',
      topics: ['internet-facing', 'pci'],
      language: 'TypeScript',
      files: { 'README.md': '# web\n', 'package.json': '{"name":"web"}\n', 'CODEOWNERS': '* @acme/web-team\n' },
      labels: [
        { name: 'security', color: 'd73a4a', description: 'Security finding' },
        { name: 'ctem', color: '0e8a16', description: 'Managed by ctem' },
      ],
    },
    { owner: 'acme', name: 'billing', private: true, topics: ['pci'], language: 'Go' },
    { owner: 'acme', name: 'legacy-tools', archived: true, description: 'Archived' },
  ],
  issues: [
    {
      owner: 'acme',
      repo: 'web',
      title: 'Upgrade lodash (CVE-2021-23337)',
      body: 'Found by ctem.\n\n<!-- ctem:finding=demo-0001 -->\n',
      labels: ['security', 'ctem'],
      assignees: ['alice'],
    },
  ],
  alerts: [
    {
      kind: 'dependabot',
      repo: 'acme/web',
      items: [
        {
          number: 1,
          state: 'open',
          dependency: { package: { ecosystem: 'npm', name: 'lodash' }, manifest_path: 'package-lock.json', scope: 'runtime', relationship: 'transitive' },
          security_advisory: {
            ghsa_id: 'GHSA-35jh-r3h4-6jhm',
            cve_id: 'CVE-2021-23337',
            summary: 'Command Injection in lodash',
            description: 'lodash versions prior to 4.17.21 are vulnerable to Command Injection via the template function.',
            vulnerabilities: [{ package: { ecosystem: 'npm', name: 'lodash' }, severity: 'high', vulnerable_version_range: '< 4.17.21', first_patched_version: { identifier: '4.17.21' } }],
            severity: 'high',
            cvss: { vector_string: 'CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H', score: 7.2 },
            cwes: [{ cwe_id: 'CWE-77', name: 'Command Injection' }],
            identifiers: [
              { type: 'GHSA', value: 'GHSA-35jh-r3h4-6jhm' },
              { type: 'CVE', value: 'CVE-2021-23337' },
            ],
            references: [{ url: 'https://nvd.nist.gov/vuln/detail/CVE-2021-23337' }],
            published_at: '2021-02-15T00:00:00Z',
            updated_at: '2021-02-15T00:00:00Z',
            withdrawn_at: null,
          },
          security_vulnerability: { package: { ecosystem: 'npm', name: 'lodash' }, severity: 'high', vulnerable_version_range: '< 4.17.21', first_patched_version: { identifier: '4.17.21' } },
          url: 'https://api.github.com/repos/acme/web/dependabot/alerts/1',
          html_url: 'https://github.com/acme/web/security/dependabot/1',
          created_at: '2024-01-10T12:00:00Z',
          updated_at: '2024-01-10T12:00:00Z',
          dismissed_at: null,
          dismissed_by: null,
          dismissed_reason: null,
          dismissed_comment: null,
          fixed_at: null,
          auto_dismissed_at: null,
        },
      ],
    },
    { kind: 'code-scanning', repo: 'acme/web', items: [] },
    { kind: 'secret-scanning', repo: 'acme/web', items: [] },
  ],
};

/** Load a seed into the state (users and orgs first, so owners resolve). */
export function applySeed(state: State, seed: SeedFile): void {
  for (const o of seed.orgs ?? []) state.seedOrg(o);
  for (const u of seed.users ?? []) state.seedUser(u);
  for (const r of seed.repos ?? []) state.seedRepo(r);
  for (const i of seed.issues ?? []) state.seedIssue(i);
  for (const a of seed.alerts ?? []) state.seedAlerts(a.kind, a.repo, a.items);
}
