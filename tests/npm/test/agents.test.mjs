// The OpenAI Agents SDK pointed at the gateway through its defaults (setDefaultOpenAIClient; tracing export off):
// an Agent with a model name runs on the Responses API, the SDK's default; the same agents on chat completions
// (OpenAIChatCompletionsModel) too. Each plain and with a function tool, against both upstreams.
import { describe } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { Agent, OpenAIChatCompletionsModel, run, setDefaultOpenAIClient, setTracingDisabled, tool } from '@openai/agents';
import { z } from 'zod';
import { assertFrom, clientKey, providers, replicaA, requestTimeoutMs, test, v1, weatherReport } from '../lib/gateway.mjs';

const client = new OpenAI({ baseURL: v1(replicaA), apiKey: clientKey, maxRetries: 0, timeout: requestTimeoutMs });
setDefaultOpenAIClient(client);
setTracingDisabled(true);

const surfaces = [
  ['default (Responses API)', (model) => model],
  ['OpenAIChatCompletionsModel', (model) => new OpenAIChatCompletionsModel(client, model)],
];

for (const [surface, modelFor] of surfaces) {
  for (const provider of providers) {
    describe(`@openai/agents, ${surface}, ${provider.label}`, () => {
      test('run() an Agent', async () => {
        const agent = new Agent({ name: 'Greeter', instructions: 'Be brief.', model: modelFor(provider.model) });
        const result = await run(agent, 'Say hello.', { maxTurns: 2 });
        assertFrom(provider, result.finalOutput);
      });

      test('run() an Agent with a function tool', async () => {
        const calls = [];
        const getWeather = tool({
          name: 'get_weather',
          description: 'Current weather in a city',
          parameters: z.object({ city: z.string() }),
          execute: async ({ city }) => {
            calls.push(city);
            return weatherReport;
          },
        });
        const agent = new Agent({ name: 'Weather', instructions: 'Use the tool.', model: modelFor(provider.model), tools: [getWeather] });
        const result = await run(agent, 'What is the weather in Paris?', { maxTurns: 3 });
        assert.equal(calls.length, 1, `the tool ran ${calls.length} times`);
        assert.ok(result.newItems.some((item) => item.type === 'tool_call_output_item'), 'the tool output went back to the model');
        // The fakes answer tool results with "The tool said: <output>".
        assert.equal(result.finalOutput, `The tool said: ${weatherReport}`);
      });
    });
  }
}
