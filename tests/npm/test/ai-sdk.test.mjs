// The Vercel AI SDK pointed at the gateway. `openai(model)`, the default provider call, speaks the Responses API;
// `openai.chat(model)` speaks chat completions; `@ai-sdk/anthropic` speaks Anthropic Messages. Each against both
// upstreams: generateText, streamText, and a tool() the SDK executes between two steps.
import { describe } from 'node:test';
import assert from 'node:assert/strict';
import { generateText, isStepCount, streamText, tool } from 'ai';
import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import { z } from 'zod';
import { assertFrom, clientKey, providers, replicaA, requestTimeoutMs, test, v1, weatherReport } from '../lib/gateway.mjs';

const openai = createOpenAI({ baseURL: v1(replicaA), apiKey: clientKey });
const anthropic = createAnthropic({ baseURL: v1(replicaA), apiKey: clientKey });

const surfaces = [
  ['openai(model): Responses API', (model) => openai(model)],
  ['openai.chat(model): chat completions', (model) => openai.chat(model)],
  ['@ai-sdk/anthropic: Messages API', (model) => anthropic(model)],
];

function weatherTool(calls) {
  return tool({
    description: 'Current weather in a city',
    inputSchema: z.object({ city: z.string() }),
    execute: async ({ city }) => {
      calls.push(city);
      return weatherReport;
    },
  });
}

for (const [surface, languageModel] of surfaces) {
  for (const provider of providers) {
    describe(`ai, ${surface}, ${provider.label}`, () => {
      test('generateText', async () => {
        const result = await generateText({
          model: languageModel(provider.model),
          prompt: 'Say hello.',
          maxRetries: 0,
          abortSignal: AbortSignal.timeout(requestTimeoutMs),
        });
        assertFrom(provider, result.text);
        assert.equal(result.finishReason, 'stop');
        assert.ok(result.usage.outputTokens > 0);
      });

      test('streamText', async () => {
        let failure = null;
        const result = streamText({
          model: languageModel(provider.model),
          prompt: 'Say hello.',
          maxRetries: 0,
          abortSignal: AbortSignal.timeout(requestTimeoutMs),
          onError: ({ error }) => (failure ??= error),
        });
        const deltas = [];
        for await (const delta of result.textStream) {
          deltas.push(delta);
        }
        if (failure) {
          throw failure;
        }
        assert.ok(deltas.length > 1, `one piece at a time: ${JSON.stringify(deltas)}`);
        assertFrom(provider, deltas.join(''));
        assert.equal(await result.finishReason, 'stop');
      });

      test('a tool() call executed between two steps', async () => {
        const calls = [];
        const result = await generateText({
          model: languageModel(provider.model),
          prompt: 'What is the weather in Paris?',
          tools: { get_weather: weatherTool(calls) },
          stopWhen: isStepCount(3),
          maxRetries: 0,
          abortSignal: AbortSignal.timeout(2 * requestTimeoutMs),
        });
        assert.equal(calls.length, 1, `the tool ran ${calls.length} times; steps: ${result.steps.map((s) => s.finishReason).join(', ')}`);
        assert.equal(result.steps[0].finishReason, 'tool-calls');
        assert.equal(result.steps[0].toolCalls[0].toolName, 'get_weather');
        assert.equal(result.steps.length, 2);
        assert.equal(result.finishReason, 'stop');
        // The fakes answer tool results with "The tool said: <output>" (the SDK sends the result JSON-encoded).
        assert.match(result.text, /^The tool said: .*sunny, 21 C/);
      });
    });
  }
}
