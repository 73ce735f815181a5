/** The Markdown job summary the Action writes: what ran, how it ended, what it printed. */

const MAX = 60_000;

export function jobSummary(command: string, code: number, stdout: string[], stderr: string[]): string {
  const ok = code === 0;
  const lines = [`## ctem ${command} ${ok ? '✅' : `❌ (exit ${code})`}`, ''];
  const body = stdout.filter((l) => !l.startsWith('::'));
  if (body.length) lines.push('```', ...body, '```', '');
  const problems = stderr.filter((l) => l.trim() !== '');
  if (problems.length) lines.push('<details><summary>Problems</summary>', '', '```', ...problems, '```', '', '</details>', '');
  let text = lines.join('\n') + '\n';
  if (text.length > MAX) text = text.slice(0, MAX) + '\n… (truncated)\n```\n';
  return text;
}
