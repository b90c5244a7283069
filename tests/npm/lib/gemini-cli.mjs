// Runs Gemini CLI (`gemini -p`) against a gateway the way a user would: its own HOME with a settings file, a fresh
// workspace, the gateway as GOOGLE_GEMINI_BASE_URL and a client key as GEMINI_API_KEY. Between the CLI and the gateway
// sits a small recording proxy on 127.0.0.1, so a test sees every request the CLI sent and every status the gateway
// answered (a refused request the CLI quietly retried or worked around must fail the test).
import { spawn } from 'node:child_process';
import http from 'node:http';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';

const require = createRequire(import.meta.url);
const cliEntry = path.join(path.dirname(require.resolve('@google/gemini-cli/package.json')), 'bundle', 'gemini.js');

/**
 * Settings that keep the CLI on loopback and quiet, by its documented settings: API-key authentication (with
 * GOOGLE_GEMINI_BASE_URL set it would otherwise pick "gateway" auth), no telemetry, no usage statistics, no update
 * check or notice, no ripgrep lookup.
 */
export const cliSettings = {
  security: { auth: { selectedType: 'gemini-api-key' } },
  telemetry: { enabled: false },
  privacy: { usageStatisticsEnabled: false },
  general: { enableAutoUpdate: false, enableAutoUpdateNotification: false },
  tools: { useRipgrep: false },
};

/** A proxy to `target` (http://127.0.0.1:PORT) that records method, path, key header and status of each request. */
async function recordingProxy(target) {
  const upstream = new URL(target);
  const exchanges = [];
  const server = http.createServer((request, response) => {
    const exchange = { method: request.method, url: request.url, googKey: Boolean(request.headers['x-goog-api-key']), status: 0 };
    exchanges.push(exchange);
    const forward = http.request(
      { host: upstream.hostname, port: upstream.port, path: request.url, method: request.method, headers: { ...request.headers, host: upstream.host } },
      (answer) => {
        exchange.status = answer.statusCode;
        response.writeHead(answer.statusCode, answer.headers);
        answer.pipe(response);
      },
    );
    forward.on('error', () => response.destroy());
    request.pipe(forward);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, exchanges, close: () => new Promise((resolve) => server.close(resolve)) };
}

/**
 * Runs `gemini -p prompt -m model` in a new workspace holding `files` ({name: content}); resolves with its exit code,
 * stdout, stderr and the recorded exchanges. Killed after `timeoutMs`.
 */
export async function runGeminiCli({ gateway, key, model, prompt, files = {}, timeoutMs = 120_000 }) {
  const root = await mkdtemp(path.join(tmpdir(), 'gemini-cli-'));
  const home = path.join(root, 'home');
  const workspace = path.join(root, 'workspace');
  await mkdir(path.join(home, '.gemini'), { recursive: true });
  await mkdir(workspace);
  await writeFile(path.join(home, '.gemini', 'settings.json'), JSON.stringify(cliSettings, null, 2));
  for (const [name, content] of Object.entries(files)) {
    await writeFile(path.join(workspace, name), content);
  }

  const proxy = await recordingProxy(gateway);
  try {
    const child = spawn(process.execPath, [cliEntry, '-p', prompt, '-m', model], {
      cwd: workspace,
      env: {
        PATH: process.env.PATH,
        HOME: home,
        GEMINI_API_KEY: key,
        GOOGLE_GEMINI_BASE_URL: proxy.url,
        GEMINI_CLI_TRUST_WORKSPACE: 'true',
        NO_COLOR: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    const code = await new Promise((resolve) => child.on('close', resolve));
    clearTimeout(timer);
    return { code, stdout, stderr, exchanges: proxy.exchanges };
  } finally {
    await proxy.close();
    await rm(root, { recursive: true, force: true });
  }
}
