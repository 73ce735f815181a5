/**
 * Entry point of the GitHub Action (bundled into dist/index.js by
 * scripts/build-action.ts). Runs one ctem command, captures its output, writes a
 * Markdown job summary and the step outputs. Located errors become workflow
 * annotations because the CLI prints them when GITHUB_ACTIONS=true.
 */
import { appendFile } from 'node:fs/promises';
import { main } from '../cli/main.ts';
import { processIo, type Io } from '../cli/io.ts';
import { CtemError } from '../errors.ts';
import { readInputs, toArgv } from './inputs.ts';
import { jobSummary } from './summary.ts';

async function run(): Promise<number> {
  const base = processIo();
  const stdout: string[] = [];
  const stderr: string[] = [];
  const io: Io = {
    ...base,
    out: (l) => {
      stdout.push(l);
      base.out(l);
    },
    err: (l) => {
      stderr.push(l);
      base.err(l);
    },
  };
  const inputs = readInputs(process.env);
  // The token reaches Octokit through the environment the CLI reads; it is never printed.
  const token = process.env['INPUT_GITHUB-TOKEN'];
  if (token && !process.env.GITHUB_TOKEN) process.env.GITHUB_TOKEN = token;
  let code: number;
  try {
    code = await main(toArgv(inputs), io);
  } catch (err) {
    if (!(err instanceof CtemError)) throw err;
    for (const p of err.problems) io.err(p.message);
    code = err.exitCode;
  }
  const env = process.env;
  if (env.GITHUB_STEP_SUMMARY) await appendFile(env.GITHUB_STEP_SUMMARY, jobSummary(inputs.command, code, stdout, stderr));
  if (env.GITHUB_OUTPUT) {
    await appendFile(env.GITHUB_OUTPUT, `exit-code=${code}\nout=${inputs.out}\n`);
  }
  return code;
}

process.exitCode = await run();
