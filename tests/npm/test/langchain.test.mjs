// LangChain JS's ChatOpenAI pointed at the gateway (configuration.baseURL): invoke and stream over chat
// completions (the default) and over the Responses API (useResponsesApi: true), against both upstreams.
import { describe } from 'node:test';
import assert from 'node:assert/strict';
import { ChatOpenAI } from '@langchain/openai';
import { assertFrom, clientKey, providers, replicaA, requestTimeoutMs, test, v1 } from '../lib/gateway.mjs';

for (const useResponsesApi of [false, true]) {
  for (const provider of providers) {
    describe(`@langchain/openai, ${useResponsesApi ? 'useResponsesApi' : 'chat completions'}, ${provider.label}`, () => {
      const chat = () =>
        new ChatOpenAI({
          model: provider.model,
          apiKey: clientKey,
          configuration: { baseURL: v1(replicaA) },
          useResponsesApi,
          maxRetries: 0,
          timeout: requestTimeoutMs,
        });

      test('invoke', async () => {
        const message = await chat().invoke([
          ['system', 'Be brief.'],
          ['human', 'Say hello.'],
        ]);
        assertFrom(provider, message.text);
        assert.ok(message.usage_metadata?.output_tokens > 0, JSON.stringify(message.usage_metadata));
      });

      test('stream', async () => {
        const chunks = [];
        for await (const chunk of await chat().stream('Say hello.')) {
          chunks.push(chunk.text);
        }
        assert.ok(chunks.filter(Boolean).length > 1, `one piece at a time: ${JSON.stringify(chunks)}`);
        assertFrom(provider, chunks.join(''));
      });
    });
  }
}
