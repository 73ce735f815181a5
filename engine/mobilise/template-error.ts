/**
 * What Handlebars says when a template fails, as ctem shows it: the reason without
 * the position Handlebars repeats at its end, and the position as a 1-based line and
 * column (Handlebars gives a 1-based line and a 0-based column). One reading for
 * `ctem validate` (engine/config/check-references.ts) and for the render check
 * before mobilising (check-bodies.ts). Pure.
 */
import Handlebars from 'handlebars';

export const TEMPLATE_HINT = "a template sees only the allow-listed fields, with Handlebars' built-in helpers and no partials (docs/mobilisation.md)";

export interface TemplateErrorParts {
  reason: string;
  line?: number;
  column?: number;
}

export function templateErrorParts(e: unknown): TemplateErrorParts {
  const { lineNumber, column } = (e ?? {}) as { lineNumber?: unknown; column?: unknown };
  const reason = ((e as Error | undefined)?.message ?? String(e)).split('\n')[0]!.replace(/ - \d+:\d+$/, '');
  if (typeof lineNumber !== 'number') return { reason };
  return { reason, line: lineNumber, column: typeof column === 'number' ? column + 1 : 1 };
}

/** The first `{{> partial}}` (or partial block) of a parsed template, 1-based; templates may not use any. */
export function firstPartial(ast: hbs.AST.Program): { line: number; column: number } | undefined {
  let found: { line: number; column: number } | undefined;
  const visitor = new Handlebars.Visitor();
  const note = (loc: hbs.AST.SourceLocation) => {
    found ??= { line: loc.start.line, column: loc.start.column + 1 };
  };
  visitor.PartialStatement = (p) => note(p.loc);
  visitor.PartialBlockStatement = (p) => note(p.loc);
  visitor.accept(ast);
  return found;
}
