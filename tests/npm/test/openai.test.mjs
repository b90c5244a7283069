// The official `openai` client, 6.x and 7.x, pointed at the gateway with only baseURL and apiKey changed: chat
// completions (JSON and stream), embeddings, the model list, and the Responses API (JSON, stream, a function tool
// with its output sent back, previous_response_id continued on the other replica), against both upstreams.
import { describe } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI7 from 'openai';
import OpenAI6 from 'openai6';
import { assertFrom, clientKey, providers, replicaA, replicaB, requestTimeoutMs, test, v1, weatherReport, weatherToolSchema } from '../lib/gateway.mjs';

const clients = [
  ['openai 6', OpenAI6],
  ['openai 7', OpenAI7],
];

const weatherTool = {
  type: 'function',
  name: 'get_weather',
  description: 'Current weather in a city',
  parameters: weatherToolSchema,
  strict: true,
};

for (const [version, OpenAI] of clients) {
  const connect = (replica = replicaA) =>
    new OpenAI({ baseURL: v1(replica), apiKey: clientKey, maxRetries: 0, timeout: requestTimeoutMs });

  describe(version, () => {
    test('models.list lists the tiers and the configured models', async () => {
      const ids = [];
      for await (const model of connect().models.list()) {
        ids.push(model.id);
      }
      for (const id of ['smart', 'fast', ...providers.map((p) => p.model.split('/')[1])]) {
        assert.ok(ids.includes(id), `${id} missing from ${ids.join(', ')}`);
      }
    });

    for (const provider of providers) {
      describe(provider.label, () => {
        test('chat.completions.create answers JSON', async () => {
          const completion = await connect().chat.completions.create({
            model: provider.model,
            messages: [{ role: 'user', content: 'Say hello.' }],
          });
          assert.equal(completion.object, 'chat.completion');
          assert.equal(completion.choices[0].finish_reason, 'stop');
          assertFrom(provider, completion.choices[0].message.content);
          assert.ok(completion.usage.total_tokens > 0);
        });

        test('chat.completions.create streams', async () => {
          const stream = await connect().chat.completions.create({
            model: provider.model,
            messages: [{ role: 'user', content: 'Say hello.' }],
            stream: true,
            stream_options: { include_usage: true },
          });
          let text = '';
          let finish = null;
          let usage = null;
          for await (const chunk of stream) {
            text += chunk.choices[0]?.delta?.content ?? '';
            finish = chunk.choices[0]?.finish_reason ?? finish;
            usage = chunk.usage ?? usage;
          }
          assertFrom(provider, text);
          assert.equal(finish, 'stop');
          assert.ok(usage?.completion_tokens > 0, 'the usage chunk asked for arrives');
        });

        if (provider.embeddings) {
          test('embeddings.create returns vectors', async () => {
            const result = await connect().embeddings.create({ model: provider.model, input: 'hello' });
            assert.equal(result.data.length, 1);
            // The client asks for base64 and decodes it: the fake's vector survives the trip.
            assert.deepEqual(result.data[0].embedding, [0.25, -0.5, 0.75]);
          });
        } else {
          test('embeddings.create is a clear 400, not a failure of the provider', async () => {
            await assert.rejects(connect().embeddings.create({ model: provider.model, input: 'hello' }), (error) => {
              assert.ok(error instanceof OpenAI.BadRequestError, `${error}`);
              assert.equal(error.code, 'unsupported_by_provider');
              return true;
            });
          });
        }

        test('responses.create answers JSON', async () => {
          const response = await connect().responses.create({
            model: provider.model,
            instructions: 'Be brief.',
            input: 'Say hello.',
          });
          assert.equal(response.object, 'response');
          assert.equal(response.status, 'completed');
          assertFrom(provider, response.output_text);
          assert.ok(response.usage.output_tokens > 0);
        });

        test('responses.create with stream: true streams output_text deltas', async () => {
          const stream = await connect().responses.create({ model: provider.model, input: 'Say hello.', stream: true });
          const types = [];
          let deltas = '';
          let completed = null;
          for await (const event of stream) {
            types.push(event.type);
            if (event.type === 'response.output_text.delta') {
              deltas += event.delta;
            } else if (event.type === 'response.completed') {
              completed = event.response;
            }
          }
          assert.equal(types[0], 'response.created');
          assert.ok(types.includes('response.output_item.added'), types.join(' '));
          assert.equal(types.at(-1), 'response.completed');
          assertFrom(provider, deltas);
          assert.equal(completed.output_text ?? outputText(completed), deltas);
        });

        test('responses.create calls a function tool, then answers from its output', async () => {
          const client = connect();
          const input = [{ role: 'user', content: 'What is the weather in Paris?' }];
          const first = await client.responses.create({ model: provider.model, input, tools: [weatherTool] });
          const call = first.output.find((item) => item.type === 'function_call');
          assert.ok(call, `no function_call in ${JSON.stringify(first.output)}`);
          assert.equal(call.name, 'get_weather');
          assert.ok(call.call_id);
          const args = JSON.parse(call.arguments);
          assert.equal(typeof args.city, 'string');

          const second = await client.responses.create({
            model: provider.model,
            tools: [weatherTool],
            input: [...input, ...first.output, { type: 'function_call_output', call_id: call.call_id, output: weatherReport }],
          });
          assert.equal(second.status, 'completed');
          assert.ok(!second.output.some((item) => item.type === 'function_call'), 'the tool output was answered, not asked for again');
          // The fakes answer tool results with "The tool said: <output>".
          assert.equal(second.output_text, `The tool said: ${weatherReport}`);
        });

        test('previous_response_id stored on replica A continues on replica B at once', async () => {
          const first = await connect(replicaA).responses.create({ model: provider.model, input: 'My name is Ada.', store: true });
          assert.equal(first.status, 'completed');

          // No wait: a response is readable by every replica the moment it completes.
          const onB = connect(replicaB);
          const second = await onB.responses.create({ model: provider.model, previous_response_id: first.id, input: 'recap', store: true });
          // The fake answers "recap" with every earlier user message it received: the first turn reached it.
          assert.equal(second.output_text, 'Recap: My name is Ada.');
          assert.equal(second.previous_response_id, first.id);

          const stored = await onB.responses.retrieve(first.id);
          assert.equal(stored.id, first.id);
          assert.equal(outputText(stored), first.output_text);
        });
      });
    }
  });
}

/** The text of a response's message items (a response read back or from an event has no output_text helper). */
function outputText(response) {
  return response.output
    .filter((item) => item.type === 'message')
    .flatMap((item) => item.content)
    .filter((part) => part.type === 'output_text')
    .map((part) => part.text)
    .join('');
}
