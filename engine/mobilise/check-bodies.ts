/**
 * Render every issue body once, keeping none. Bodies are rendered when read
 * (lazy-body.ts), so a template that fails on some issue would otherwise fail in
 * the middle of mobilisation, with part of the plan already sent. A real run calls
 * this before its first GitHub request: a template error then stops the run before
 * anything is written. Rendering is pure, so what renders here renders again when
 * sent; the cost is CPU, and a real run is bound by GitHub's pacing, not by CPU.
 */
import type { TemplateSource } from '../config/load.ts';
import type { Problem } from '../errors.ts';
import type { RenderedIssue } from './plan.ts';
import { TEMPLATE_HINT, templateErrorParts } from './template-error.ts';

/** The first body that fails to render, as one problem located in its template; undefined when all render. */
export function bodyRenderProblem(issues: readonly RenderedIssue[], templates: ReadonlyMap<string, TemplateSource>): Problem | undefined {
  for (const issue of issues) {
    try {
      // Read and dropped: the accessor renders it.
      if (typeof issue.body !== 'string') continue;
    } catch (e) {
      return renderProblem(issue, templates.get(issue.template), e);
    }
  }
  return undefined;
}

function renderProblem(issue: RenderedIssue, template: TemplateSource | undefined, e: unknown): Problem {
  const { reason, line, column } = templateErrorParts(e);
  return {
    code: 'template-render',
    severity: 'error',
    message: `template '${issue.template}' failed to render the body of issue '${issue.title}' in ${issue.repository}: ${reason}; nothing was sent to GitHub`,
    ...(template ? { file: template.file } : {}),
    ...(template && line !== undefined ? { line, column } : {}),
    hint: TEMPLATE_HINT,
  };
}
