/**
 * What the GitHub Action does, given its environment: run one ctem command with the
 * inputs as arguments, write the Markdown job summary and the step outputs, and for
 * `plan` on a pull request post the plan as the pull request's one sticky comment.
 * Shell module: main.ts calls it with the process's Io; tests call it in-process.
 */
import { appendFile, readFile, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { main } from '../cli/main.ts';
import type { Io } from '../cli/io.ts';
import { reportProblems } from '../cli/report-problems.ts';
import { DEFAULT_API_URL, redactingIo } from '../cli/commands/run-mobilise.ts';
import { CtemError } from '../errors.ts';
import { createGitHubClient } from '../github/client.ts';
import { classify } from '../github/failure.ts';
import { postPlanComment, type PostedComment } from '../github/plan-comment.ts';
import { realTimer, virtualTimer } from '../github/scheduler.ts';
import { PLAN_MARKER } from '../plan/markdown.ts';
import { readInputs, toArgv, type ActionInputs } from './inputs.ts';
import { pullRequestOf } from './pull-request.ts';
import { jobSummary } from './summary.ts';

export async function runAction(outer: Io): Promise<number> {
  // The token reaches Octokit through the environment the CLI reads; it is never printed.
  const env = { ...outer.env };
  const token = env['INPUT_GITHUB-TOKEN'];
  if (token && !env.GITHUB_TOKEN) env.GITHUB_TOKEN = token;
  const stdout: string[] = [];
  const stderr: string[] = [];
  const io: Io = {
    ...outer,
    env,
    out: (l) => {
      stdout.push(l);
      outer.out(l);
    },
    err: (l) => {
      stderr.push(l);
      outer.err(l);
    },
  };
  const inputs = readInputs(env);
  const report = inputs.command === 'plan' ? resolve(io.cwd, inputs.out) : undefined;
  // A report left by an earlier step must never be posted as this run's plan.
  if (report) await rm(report, { force: true }).catch(() => undefined);
  let code: number;
  try {
    code = await main(toArgv(inputs), io);
  } catch (err) {
    if (!(err instanceof CtemError)) throw err;
    reportProblems(err.problems, io);
    code = err.exitCode;
  }
  const markdown = report ? await readFile(report, 'utf8').catch(() => undefined) : undefined;
  const posted = markdown?.startsWith(PLAN_MARKER) ? await commentOnPullRequest(io, inputs, markdown) : undefined;
  let summary = jobSummary(inputs.command, code, stdout, stderr);
  // The plan itself, rendered: on a fork's pull request, where no comment can be posted, this is where it is read.
  if (markdown !== undefined) summary += `\n${markdown}\n`;
  if (env.GITHUB_STEP_SUMMARY) await appendFile(env.GITHUB_STEP_SUMMARY, summary);
  if (env.GITHUB_OUTPUT) await appendFile(env.GITHUB_OUTPUT, `exit-code=${code}\nout=${inputs.out}\ncomment-url=${posted?.url ?? ''}\n`);
  return code;
}

/** Post or update the sticky plan comment; a failure is a warning (the plan is in the job summary), never the step's exit code. */
async function commentOnPullRequest(io: Io, inputs: ActionInputs, markdown: string): Promise<PostedComment | undefined> {
  if (!inputs.comment) return undefined;
  const pr = pullRequestOf(io.env.GITHUB_EVENT_NAME, await eventPayload(io.env.GITHUB_EVENT_PATH), io.env.GITHUB_REPOSITORY);
  if (!pr) {
    io.out('ctem plan: this run is not about a pull request, so the plan is in the job summary only');
    return undefined;
  }
  const where = `${pr.repository}#${pr.number}`;
  const token = (io.env.GITHUB_TOKEN ?? '').trim();
  if (token === '') {
    reportProblems([{ code: 'plan-comment', severity: 'warning', message: `ctem plan: no token, so no comment on ${where}`, hint: "the action's github-token input defaults to the workflow's token; keep it set" }], io);
    return undefined;
  }
  const apiUrl = (io.env.GITHUB_API_URL || DEFAULT_API_URL).trim();
  io = redactingIo(io, token);
  const client = createGitHubClient({ token, baseUrl: apiUrl, timer: io.sleep ? virtualTimer(Date.now(), io.sleep) : realTimer });
  try {
    const posted = await postPlanComment(client, { ...pr, author: inputs.commentAuthor || undefined }, markdown);
    const did = { create: 'posted the plan comment on', update: 'updated the plan comment on', none: 'the plan comment is up to date on' }[posted.op];
    io.out(`ctem plan: ${did} ${where}${posted.url ? `: ${posted.url}` : ''}`);
    return posted;
  } catch (err) {
    const f = classify(err, { what: `comment on ${where}`, need: 'pull-requests: write', repository: pr.repository });
    reportProblems(
      [
        {
          code: 'plan-comment',
          severity: 'warning',
          message: `ctem plan: the plan comment was not posted: ${f.message}`,
          hint: 'a pull request from a fork gets a read-only token, so the plan is in the job summary instead; otherwise give the workflow `pull-requests: write`',
        },
      ],
      io,
    );
    return undefined;
  }
}

/** The event payload GitHub Actions wrote, or undefined when there is none or it is not JSON. */
async function eventPayload(path: string | undefined): Promise<unknown> {
  if (!path) return undefined;
  try {
    return JSON.parse(await readFile(path, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}
