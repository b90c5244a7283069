// The official Anthropic SDK pointed at the gateway (baseURL is the gateway's root; the SDK adds /v1/messages):
// messages.create, messages.stream() with a tool (input_json_delta assembled into the tool_use input),
// countTokens, the error a bad request raises, and both ways to authenticate, against both upstreams.
import { describe } from 'node:test';
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import { assertFrom, clientKey, providers, replicaA, requestTimeoutMs, test, weatherToolSchema } from '../lib/gateway.mjs';

const connect = (auth = { apiKey: clientKey }) =>
  new Anthropic({ baseURL: replicaA, apiKey: null, authToken: null, ...auth, maxRetries: 0, timeout: requestTimeoutMs });

const weatherTool = { name: 'get_weather', description: 'Current weather in a city', input_schema: weatherToolSchema };
const hello = [{ role: 'user', content: 'Say hello.' }];

for (const provider of providers) {
  describe(`@anthropic-ai/sdk, ${provider.label}`, () => {
    test('messages.create answers a message', async () => {
      const message = await connect().messages.create({ model: provider.model, max_tokens: 64, system: 'Be brief.', messages: hello });
      assert.equal(message.type, 'message');
      assert.equal(message.role, 'assistant');
      assert.equal(message.stop_reason, 'end_turn');
      assert.equal(message.content[0].type, 'text');
      assertFrom(provider, message.content[0].text);
      assert.ok(message.usage.input_tokens > 0 && message.usage.output_tokens > 0);
    });

    test('messages.stream() assembles a tool call from input_json_delta events', async () => {
      const stream = connect().messages.stream({
        model: provider.model,
        max_tokens: 256,
        tools: [weatherTool],
        messages: [{ role: 'user', content: 'What is the weather in Paris?' }],
      });
      const types = [];
      const partials = [];
      stream.on('streamEvent', (event) => types.push(event.type));
      stream.on('inputJson', (partial) => partials.push(partial));
      const message = await stream.finalMessage();

      assert.equal(types[0], 'message_start');
      assert.equal(types.at(-1), 'message_stop');
      assert.ok(partials.length > 0, `no input_json_delta among ${types.join(' ')}`);
      assert.equal(message.stop_reason, 'tool_use');
      const call = message.content.find((block) => block.type === 'tool_use');
      assert.ok(call, `no tool_use block in ${JSON.stringify(message.content)}`);
      assert.equal(call.name, 'get_weather');
      assert.ok(call.id);
      // What the deltas carried, joined, is the input the SDK parsed.
      assert.deepEqual(call.input, JSON.parse(partials.join('')));
      assert.equal(typeof call.input.city, 'string');
    });

    test('messages.stream() streams text deltas', async () => {
      const stream = connect().messages.stream({ model: provider.model, max_tokens: 64, messages: hello });
      let text = '';
      stream.on('text', (delta) => (text += delta));
      const message = await stream.finalMessage();
      assertFrom(provider, text);
      assert.equal(message.content[0].text, text);
      assert.equal(message.stop_reason, 'end_turn');
    });

    test('messages.countTokens counts the input', async () => {
      const count = await connect().messages.countTokens({ model: provider.model, messages: hello, tools: [weatherTool] });
      assert.ok(Number.isInteger(count.input_tokens) && count.input_tokens > 0, JSON.stringify(count));
    });

    test('a bad request raises BadRequestError with an Anthropic-shaped body', async () => {
      // No messages: the gateway refuses it before any provider sees it.
      await assert.rejects(connect().messages.create({ model: provider.model, max_tokens: 64 }), (error) => {
        assert.ok(error instanceof Anthropic.BadRequestError, `${error}`);
        assert.equal(error.status, 400);
        assert.equal(error.error?.type, 'error');
        assert.equal(error.error?.error?.type, 'invalid_request_error');
        assert.ok(error.error.error.message.length > 0);
        return true;
      });
    });

    test('authToken (Authorization: Bearer) is accepted like apiKey (x-api-key)', async () => {
      const message = await connect({ authToken: clientKey }).messages.create({ model: provider.model, max_tokens: 64, messages: hello });
      assertFrom(provider, message.content[0].text);
    });

    test('a wrong key raises AuthenticationError', async () => {
      for (const auth of [{ apiKey: 'not-a-client-key' }, { authToken: 'not-a-client-key' }]) {
        await assert.rejects(connect(auth).messages.create({ model: provider.model, max_tokens: 64, messages: hello }), (error) => {
          assert.ok(error instanceof Anthropic.AuthenticationError, `${JSON.stringify(auth)}: ${error}`);
          assert.equal(error.error?.type, 'error');
          assert.equal(error.error?.error?.type, 'authentication_error');
          return true;
        });
      }
    });
  });
}
