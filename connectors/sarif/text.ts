/**
 * The human texts of a finding: its title (the result's message) and its description
 * (what the rule says about itself). All of it is untrusted and carried verbatim, control
 * characters and length included; escaping is the renderer's job, not the parser's.
 */
import { arrayField, objectField, textField, type JsonObject } from './json.ts';

/**
 * A SARIF message's text (§3.11): its own `text`, else the rule's `messageStrings[id]`
 * template, else its `markdown`. `{0}`-style placeholders are filled from `arguments`
 * (and `{{`/`}}` unescaped) only when the message has arguments: tools that use no
 * arguments do not escape braces, and their code snippets must stay intact.
 */
export function messageText(message: JsonObject | undefined, rule: JsonObject | undefined): string | undefined {
  if (message === undefined) return undefined;
  const id = textField(message, 'id');
  const template =
    textField(message, 'text') ??
    (id === undefined ? undefined : textField(objectField(objectField(rule, 'messageStrings'), id), 'text')) ??
    textField(message, 'markdown');
  if (template === undefined) return undefined;
  const args = arrayField(message, 'arguments');
  if (args === undefined || args.length === 0) return template;
  return template.replace(/\{\{|\}\}|\{(\d+)\}/g, (whole: string, n: string | undefined) => {
    if (n === undefined) return whole[0] ?? '';
    const arg = args[Number(n)];
    return typeof arg === 'string' ? arg : whole;
  });
}

/** What the rule describes: a one-line name for a finding whose result has no message. */
export function ruleSummary(rule: JsonObject | undefined): string | undefined {
  return multiformat(objectField(rule, 'shortDescription')) ?? textField(rule, 'name');
}

/** The rule's full description and its help, each once, separated by a blank line. */
export function ruleDescription(rule: JsonObject | undefined): string | undefined {
  const parts: string[] = [];
  for (const key of ['fullDescription', 'help']) {
    const text = multiformat(objectField(rule, key));
    if (text !== undefined && text.trim() !== '' && !parts.includes(text)) parts.push(text);
  }
  return parts.length === 0 ? undefined : parts.join('\n\n');
}

/** A multiformatMessageString's plain text, else its markdown (Snyk leaves text empty). */
function multiformat(value: JsonObject | undefined): string | undefined {
  return textField(value, 'text') ?? textField(value, 'markdown');
}
