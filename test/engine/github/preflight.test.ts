/** Before mobilising: GitHub must answer, and take the token — or the run stops at once, having sent nothing. */
import { createServer, type Server, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { CtemError, ExitCode } from '../../../engine/errors.ts';
import { createGitHubClient } from '../../../engine/github/client.ts';
import { checkGitHubReachable } from '../../../engine/github/preflight.ts';
import { virtualTimer } from '../../../engine/github/scheduler.ts';
import { expectNoViolations, startGitHub, testClient } from './support.ts';

const problemOf = async (p: Promise<unknown>) => {
  const e = await p.then(() => undefined, (x: unknown) => x);
  expect(e).toBeInstanceOf(CtemError);
  return { code: (e as CtemError).problems[0]!.code, message: (e as CtemError).problems[0]!.message, exit: (e as CtemError).exitCode };
};

/** A TCP server that accepts connections and never answers: a black-holed API. */
async function silentServer(): Promise<{ url: string; server: Server; stop: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  const stop = async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((done) => server.close(done));
  };
  return { url: `http://127.0.0.1:${port}`, server, stop };
}

describe('checking that GitHub can be reached before mobilising', () => {
  it('passes against a GitHub that takes the token, and the check costs no counted read', async () => {
    const gh = await startGitHub();
    const client = testClient(gh);
    await checkGitHubReachable(client, gh.url);
    expect(client.counts).toEqual({ reads: 0, writes: 0, notModified: 0 });
    expect(gh.log.entries.map((e) => `${e.method} ${e.path}`)).toEqual(['GET /rate_limit']);
    expectNoViolations(gh);
  });

  it('stops with a usage error, naming GitHub, when the token is rejected (401), without retrying', async () => {
    const gh = await startGitHub();
    const p = await problemOf(checkGitHubReachable(testClient(gh, 'revoked-token'), gh.url));
    expect(p).toEqual({ code: 'github-token-rejected', exit: ExitCode.usage, message: `ctem run: GitHub at ${gh.url} rejected GITHUB_TOKEN (401 Bad credentials); nothing was sent` });
    expect(gh.log.entries).toHaveLength(1);
  });

  it('stops with exit 5 when nothing listens at the API URL', async () => {
    const { url, stop } = await silentServer();
    await stop(); // the port is now closed: connection refused
    const client = createGitHubClient({ token: 't', baseUrl: url, timer: virtualTimer(Date.now()) });
    const p = await problemOf(checkGitHubReachable(client, url));
    expect(p.code).toBe('github-unreachable');
    expect(p.exit).toBe(ExitCode.mobilise);
    expect(p.message).toMatch(new RegExp(`^ctem run: cannot reach GitHub at ${url} \\(ECONNREFUSED\\); nothing was sent$`));
  });

  it('gives up after its own short timeout when the API never answers', async () => {
    const { url, stop } = await silentServer();
    try {
      const client = createGitHubClient({ token: 't', baseUrl: url, timer: virtualTimer(Date.now()) });
      const p = await problemOf(checkGitHubReachable(client, url, 300));
      expect(p.code).toBe('github-unreachable');
      expect(p.message).toContain('(no answer within 300 ms)');
    } finally {
      await stop();
    }
  });
});
