/**
 * The files `ctem init` writes: a small, valid exposure repository to start from,
 * with the schemas wired for editors and a CODEOWNERS that makes policy and
 * exception changes need the right reviewers. Pure data.
 */

export interface ScaffoldOptions {
  organisation: string;
  /** GitHub org that owns the repositories, e.g. `acme`. */
  owner: string;
  /** Team that reviews policies and approves exceptions, e.g. `acme/security`. */
  securityTeam: string;
}

export function scaffoldFiles(o: ScaffoldOptions): Map<string, string> {
  const files = new Map<string, string>();
  files.set(
    'ctem.yaml',
    `# yaml-language-server: $schema=./schemas/ctem.schema.json
version: 1
organisation: ${JSON.stringify(o.organisation)}

inventory:
  - connector: inventory-yaml
    path: inventory.yaml

# Scanner reports to ingest, e.g. written by earlier steps of the ctem-run workflow.
sources:
  - { name: trivy, connector: trivy, path: 'reports/*.trivy.json', optional: true }
  - { name: sarif, connector: sarif, path: 'reports/*.sarif', optional: true }

# EPSS and CISA KEV, which the policies read (epss.*, kev.*): uncomment, then run
# \`ctem feeds update\` to download them (until then, no exposure is known-exploited).
# feeds:
#   epss: feeds/epss.csv.gz
#   kev: feeds/kev.json

github:
  central_repository: ${o.owner}/security-exposures

defaults:
  priority: P4
  evaluation: first-match
  sla_days: { P1: 7, P2: 30, P3: 90, P4: 180 }
  max_new_issues_per_run: 20
  exception_warning_days: 14
`,
  );
  files.set(
    'inventory.yaml',
    `# yaml-language-server: $schema=./schemas/inventory.schema.json
assets:
  - id: example-api
    type: service
    name: Example API
    repository: ${o.owner}/example-api
    tags: [example]
    exposure: internet
`,
  );
  files.set(
    'scopes/example.yaml',
    `# yaml-language-server: $schema=../schemas/scope.schema.json
id: example
name: Example scope
owner:
  team: ${o.securityTeam}
criticality: high
exposure: internal
selector:
  tags: [example]
`,
  );
  files.set(
    'policies/10-exploitation.yaml',
    `# yaml-language-server: $schema=../schemas/policy.schema.json
id: exploitation
rules:
  - id: kev-internet-facing
    description: A known-exploited vulnerability on an internet-facing asset.
    when: { and: [{ var: kev.listed }, { var: validation.internet_exposed }] }
    set: { priority: P1, labels: [known-exploited] }
  - id: kev-anywhere
    when: { var: kev.listed }
    set: { priority: P2, labels: [known-exploited] }
  - id: severe
    when: { in: [{ var: finding.severity }, [critical, high]] }
    set: { priority: P3 }
routes:
  - { id: owner-repo, target: asset-repository, group_by: asset-package, template: issue, labels: [security, ctem] }
default_route: owner-repo
max_exception_days: 180
`,
  );
  files.set('exceptions/README.md', 'Exceptions live here, one or more per YAML file, each with an approver and an expiry.\nSee the ctem documentation (docs/configuration.md).\n');
  files.set(
    'templates/issue.hbs',
    `## {{issue.title}}

**Priority {{issue.priority}}** · due **{{issue.due_date}}** · asset \`{{issue.asset}}\`

{{#if issue.owner_mention}}Owner: {{issue.owner_mention}}{{/if}}

| id | severity | package | installed | fixed in | why |
|---|---|---|---|---|---|
{{#each exposures}}
| {{id}} | {{severity}} | {{package}} | {{installed_version}} | {{fixed_versions}} | {{reason}} |
{{/each}}
{{#if counts.omitted}}

…and {{counts.omitted}} more.
{{/if}}
`,
  );
  files.set(
    '.github/CODEOWNERS',
    `# Policy, scope and exception changes decide what gets fixed and what is accepted:
# they need a review from the security team. Scope files can name their own owners too.
/ctem.yaml            @${o.securityTeam}
/policies/            @${o.securityTeam}
/exceptions/          @${o.securityTeam}
/validations/         @${o.securityTeam}
/templates/           @${o.securityTeam}
/scopes/              @${o.securityTeam}
/.github/             @${o.securityTeam}
`,
  );
  return files;
}
