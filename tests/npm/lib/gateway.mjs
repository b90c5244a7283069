// What every test file needs to reach the gateways that tests/npm-clients.sh started: two replicas sharing one
// Redis, one client key, and the two upstream providers picked by a `provider/model` pin in the model name.
import assert from 'node:assert/strict';
import { test as nodeTest } from 'node:test';

function required(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: run these tests through tests/npm-clients.sh`);
  }
  return value;
}

/** Replica A and replica B, e.g. http://127.0.0.1:41234 (no /v1). */
export const replicaA = required('GATEWAY_A_URL');
export const replicaB = required('GATEWAY_B_URL');
export const clientKey = required('GATEWAY_CLIENT_KEY');

/** Per client request, so a hung answer fails its test instead of the whole run. */
export const requestTimeoutMs = 10_000;

/**
 * node:test's `test` with a time bound of its own. (The runner's --test-timeout would also bound each whole file,
 * which a slow, loaded machine can exceed while every test in it is fine.)
 */
export const test = (name, fn) => nodeTest(name, { timeout: 30_000 }, fn);

/**
 * The two upstreams, each a FakeUpstream whose answers start with "Hello from <fake>." so a test can tell which
 * one served it. `model` pins the provider (`oa/...` or `an/...`); the gateway sends the part after the slash.
 */
export const providers = [
  {
    label: 'OpenAI-compatible upstream',
    model: required('GATEWAY_OA_MODEL'),
    fake: required('GATEWAY_OA_FAKE'),
    embeddings: true,
  },
  {
    label: 'Anthropic upstream',
    model: required('GATEWAY_AN_MODEL'),
    fake: required('GATEWAY_AN_FAKE'),
    embeddings: false,
  },
];

/** The OpenAI-style base URL of a replica. */
export const v1 = (replica = replicaA) => `${replica}/v1`;

/** Asserts that `text` is an answer of the fake behind `provider`. */
export function assertFrom(provider, text) {
  assert.equal(typeof text, 'string', `expected text, got ${JSON.stringify(text)}`);
  assert.match(text, new RegExp(`^Hello from ${provider.fake}\\.`), `not an answer of ${provider.fake}: ${JSON.stringify(text)}`);
}

/** A function tool the fakes answer with a call (the Anthropic fake always asks for {"city": "Paris"}). */
export const weatherToolSchema = {
  type: 'object',
  properties: { city: { type: 'string', description: 'City name' } },
  required: ['city'],
  additionalProperties: false,
};

/** What the weather tool returns; a second turn's answer must be built from it. */
export const weatherReport = 'sunny, 21 C';
