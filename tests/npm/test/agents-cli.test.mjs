// The coding agents in their default configuration, changing only the base URL, the key and the model: Claude Code
// (`claude -p`, /v1/messages) and Codex (`codex exec`, /v1/responses), each against the OpenAI-compatible fake and
// the Anthropic fake, a text turn and a tool round trip. The fakes follow the scripts in the prompts ([[reply X]],
// [[tool NAME {json}]], see tests/Gateway.FakeUpstream/FakeScript.cs). A test passes only when the agent prints the
// expected answer AND replica C (which only this file uses) refused none of its requests: its /metrics must show no
// new 4xx or 5xx, since Claude Code quietly retries some refusals in another shape.
//
// Nothing reaches beyond 127.0.0.1: telemetry, error reports and update checks are off by each agent's documented
// settings, and every other connection goes to a dead loopback proxy (HTTPS_PROXY=127.0.0.1:9, NO_PROXY=127.0.0.1),
// so it fails at once.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test as nodeTest } from 'node:test';
import { clientKey, providers } from '../lib/gateway.mjs';

const replicaC = process.env.GATEWAY_C_URL;
const here = dirname(fileURLToPath(import.meta.url));
const bin = (name) => join(here, '..', 'node_modules', '.bin', name);
const agentTimeoutMs = 90_000;
const test = (name, fn) => nodeTest(name, { timeout: agentTimeoutMs + 15_000, skip: replicaC ? false : 'GATEWAY_C_URL not set' }, fn);

/** Requests replica C answered, by status class, from its /metrics (gateway_requests_total{route,status}). */
async function answered() {
  const text = await (await fetch(`${replicaC}/metrics`, { signal: AbortSignal.timeout(5000) })).text();
  const counts = { ok: 0, refused: 0, lines: [] };
  for (const line of text.split('\n')) {
    const match = /^gateway_requests(?:_total)?\{([^}]*)\}\s+([0-9.e+]+)/.exec(line);
    if (!match || !/route="\/v1\//.test(match[1])) continue;
    const status = /status="(\d+)"/.exec(match[1])?.[1] ?? '0';
    const n = Number(match[2]);
    if (status.startsWith('2')) counts.ok += n;
    else { counts.refused += n; counts.lines.push(line); }
  }
  return counts;
}

/** Runs a command with only the environment given (plus PATH), in `cwd`, bounded in time. */
function run(command, args, env, cwd) {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd,
      // The Node this suite runs on first: Codex's launcher is a Node script, and it needs Node 22.
      env: { PATH: `${dirname(process.execPath)}:${process.env.PATH}`, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), agentTimeoutMs);
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }); });
  });
}

/** No network beyond loopback: anything not for 127.0.0.1 goes to a closed port on it. */
const offline = {
  HTTPS_PROXY: 'http://127.0.0.1:9', HTTP_PROXY: 'http://127.0.0.1:9', https_proxy: 'http://127.0.0.1:9', http_proxy: 'http://127.0.0.1:9',
  NO_PROXY: '127.0.0.1,localhost', no_proxy: '127.0.0.1,localhost',
};

function workspace() {
  const root = mkdtempSync(join(tmpdir(), 'gateway-agent-'));
  const home = join(root, 'home');
  const cwd = join(root, 'work');
  mkdirSync(home);
  mkdirSync(cwd);
  writeFileSync(join(cwd, 'note.txt'), 'the secret word is kumquat-7\n');
  return { root, home, cwd };
}

/** Runs the agent, then checks its answer and that the gateway refused nothing it sent. */
async function expectAgent(start, expected) {
  const before = await answered();
  const space = workspace();
  try {
    const result = await start(space);
    const after = await answered();
    const detail = `exit ${result.code}\nstdout: ${result.stdout.slice(-2000)}\nstderr: ${result.stderr.slice(-2000)}`;
    assert.equal(after.refused - before.refused, 0, `the gateway refused some of the agent's requests:\n${after.lines.join('\n')}\n${detail}`);
    assert.ok(after.ok > before.ok, `the agent sent no request the gateway answered\n${detail}`);
    assert.equal(result.code, 0, detail);
    assert.match(result.stdout, expected, detail);
  } finally {
    rmSync(space.root, { recursive: true, force: true });
  }
}

function claude(provider, prompt) {
  return ({ home, cwd }) => run(bin('claude'), ['-p', prompt, '--model', provider.model], {
    HOME: home,
    ANTHROPIC_BASE_URL: replicaC,
    ANTHROPIC_API_KEY: clientKey,
    // The model for Claude Code's side requests (titles, summaries), which would otherwise name an Anthropic model.
    ANTHROPIC_DEFAULT_HAIKU_MODEL: provider.model,
    ANTHROPIC_SMALL_FAST_MODEL: provider.model,
    DISABLE_TELEMETRY: '1',
    DISABLE_AUTOUPDATER: '1',
    DISABLE_ERROR_REPORTING: '1',
    DISABLE_BUG_COMMAND: '1',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    ...offline,
  }, cwd);
}

function codex(provider, prompt) {
  return ({ home, cwd }) => {
    const codexHome = join(home, '.codex');
    mkdirSync(codexHome);
    writeFileSync(join(codexHome, 'config.toml'), [
      `model = "${provider.model}"`,
      'model_provider = "gateway"',
      'check_for_update_on_startup = false',
      '',
      '[analytics]',
      'enabled = false',
      '',
      '[model_providers.gateway]',
      'name = "gateway"',
      `base_url = "${replicaC}/v1"`,
      'env_key = "GATEWAY_KEY"',
      'wire_api = "responses"',
      '',
    ].join('\n'));
    return run(bin('codex'), ['exec', '--skip-git-repo-check', prompt], {
      HOME: home,
      CODEX_HOME: codexHome,
      GATEWAY_KEY: clientKey,
      ...offline,
    }, cwd);
  };
}

for (const provider of providers) {
  test(`Claude Code -p answers a text turn through the gateway (${provider.label})`, () =>
    expectAgent(claude(provider, 'Answer with the word. [[reply pong-claude-42]]'), /pong-claude-42/));

  test(`Claude Code -p reads a file with its Read tool through the gateway (${provider.label})`, () =>
    expectAgent(({ cwd, ...rest }) => claude(provider, `Read the note. [[tool Read {"file_path":"${join(cwd, 'note.txt')}"}]]`)({ cwd, ...rest }), /kumquat-7/));

  test(`Codex exec answers a text turn through the gateway (${provider.label})`, () =>
    expectAgent(codex(provider, 'Answer with the word. [[reply pong-codex-42]]'), /pong-codex-42/));

  test(`Codex exec runs a shell command through the gateway (${provider.label})`, () =>
    expectAgent(codex(provider, 'Show the note. [[tool exec_command {"cmd":"cat note.txt"}]]'), /kumquat-7/));
}
