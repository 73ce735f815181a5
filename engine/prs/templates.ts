/**
 * Pull request bodies come from `templates/pr-*.hbs` in the exposure repository, like
 * issue bodies; an exposure repository without them gets these short defaults.
 */

export const PR_TEMPLATES = ['pr-scope-drift', 'pr-exception-renewal', 'pr-playbook'] as const;

const DEFAULTS: Record<(typeof PR_TEMPLATES)[number], string> = {
  'pr-scope-drift': `## {{count}} asset(s) in no scope

These assets are in no scope, so nobody owns their exposures. This puts them in \`{{file}}\`, owned by {{owner_mention}}, until their owners claim them.

{{#each assets}}
- \`{{id}}\` ({{type}}) {{name}}
{{/each}}
`,
  'pr-exception-renewal': `## Renew exception \`{{exception.id}}\`?

{{approver_mention}}: it expires on **{{exception.expires}}**; this proposes **{{exception.proposed}}** (policy maximum {{max_days}} days). Merge to renew, close to let it lapse.

Reason: {{exception.reason}}
`,
  'pr-playbook': `## {{title}}

Playbook of route \`{{route}}\` for {{issue.title}} ({{issue.priority}}, due {{issue.due_date}}): edits \`{{file}}\`, fixing {{exposures}} exposure(s).
`,
};

/** The repository's templates, with a default for every pull request template it lacks. */
export function withPrTemplates<T extends { source: string }>(templates: ReadonlyMap<string, T>): Map<string, { source: string }> {
  const out = new Map<string, { source: string }>(templates);
  for (const name of PR_TEMPLATES) if (!out.has(name)) out.set(name, { source: DEFAULTS[name] });
  return out;
}
