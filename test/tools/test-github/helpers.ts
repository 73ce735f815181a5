/**
 * Shared set-up for the test GitHub's own tests: a server per test, an Octokit
 * pointed at it, and the rule every test keeps unless it provokes one on purpose:
 * no contract violations.
 */
import { Octokit } from '@octokit/rest';
import { afterEach, expect } from 'vitest';
import { createTestGitHub, type TestGitHub, type TestGitHubOptions } from '../../../tools/test-github/server.ts';

const open: TestGitHub[] = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map((gh) => gh.close()));
});

export async function startGitHub(opts: TestGitHubOptions = {}): Promise<TestGitHub> {
  const gh = await createTestGitHub(opts);
  open.push(gh);
  return gh;
}

/** An Octokit for the server, without retries or throttling (each test adds what it needs). */
export function client(gh: TestGitHub, token = 'test-token'): Octokit {
  return new Octokit({ auth: token, baseUrl: gh.url, log: { debug() {}, info() {}, warn() {}, error() {} } });
}

/** The assertion every test ends with (unless it provokes violations). */
export function expectNoViolations(gh: TestGitHub): void {
  expect(gh.violations, gh.formatViolations()).toEqual([]);
}

/** Status of a rejected Octokit call. */
export async function statusOf(p: Promise<unknown>): Promise<number> {
  try {
    await p;
    return 0;
  } catch (e) {
    return (e as { status?: number }).status ?? -1;
  }
}

/** The rejected Octokit call's error (fails the test if it resolved). */
export async function errorOf(p: Promise<unknown>): Promise<{ status: number; message: string; response?: { data: unknown; headers: Record<string, string> } }> {
  try {
    await p;
  } catch (e) {
    return e as { status: number; message: string; response?: { data: unknown; headers: Record<string, string> } };
  }
  throw new Error('expected the request to fail');
}
