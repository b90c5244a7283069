// Google's Gemini API on the gateway, with Google's own clients changing nothing but the base URL and the key: the
// Google Gen AI SDK (@google/genai: generateContent, generateContentStream, countTokens, function calling, JSON
// output, models.list, errors) and Gemini CLI (`gemini -p`: a text turn and a tool round trip reading a file), each
// against both upstreams (an OpenAI-compatible one, and an Anthropic one reached through chat completions).
import { describe, test as nodeTest } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError, GoogleGenAI, Type } from '@google/genai';
import { assertFrom, clientKey, providers, replicaA, requestTimeoutMs, test, weatherReport, weatherToolSchema } from '../lib/gateway.mjs';
import { runGeminiCli } from '../lib/gemini-cli.mjs';

const connect = (apiKey = clientKey) => new GoogleGenAI({ apiKey, httpOptions: { baseUrl: replicaA, timeout: requestTimeoutMs } });

const weatherTool = { functionDeclarations: [{ name: 'get_weather', description: 'Current weather in a city', parametersJsonSchema: weatherToolSchema }] };

for (const provider of providers) {
  describe(`@google/genai, ${provider.label}`, () => {
    test('models.generateContent answers with text, a finish reason and usage', async () => {
      const response = await connect().models.generateContent({
        model: provider.model,
        contents: 'Say hello.',
        config: { systemInstruction: 'Be brief.', maxOutputTokens: 64, temperature: 0.2 },
      });
      assertFrom(provider, response.text);
      assert.equal(response.candidates[0].finishReason, 'STOP');
      assert.ok(response.usageMetadata.promptTokenCount > 0 && response.usageMetadata.candidatesTokenCount > 0, JSON.stringify(response.usageMetadata));
    });

    test('models.generateContentStream streams text chunks', async () => {
      const stream = await connect().models.generateContentStream({ model: provider.model, contents: 'Say hello.' });
      let text = '';
      let chunks = 0;
      let last;
      for await (const chunk of stream) {
        text += chunk.text ?? '';
        chunks++;
        last = chunk;
      }
      assertFrom(provider, text);
      assert.ok(chunks >= 2, `${chunks} chunks`);
      assert.equal(last.candidates[0].finishReason, 'STOP');
      assert.ok(last.usageMetadata.totalTokenCount > 0);
    });

    test('models.countTokens counts the contents', async () => {
      const count = await connect().models.countTokens({ model: provider.model, contents: 'How many tokens are in this sentence?' });
      assert.ok(Number.isInteger(count.totalTokens) && count.totalTokens > 0, JSON.stringify(count));
    });

    test('function calling: a functionCall, then the answer built from its functionResponse', async () => {
      const ai = connect();
      const question = { role: 'user', parts: [{ text: 'What is the weather in Paris?' }] };
      const first = await ai.models.generateContent({ model: provider.model, contents: [question], config: { tools: [weatherTool] } });
      const call = first.functionCalls?.[0];
      assert.ok(call, `no function call in ${JSON.stringify(first.candidates)}`);
      assert.equal(call.name, 'get_weather');
      assert.equal(typeof call.args.city, 'string');

      const second = await ai.models.generateContent({
        model: provider.model,
        contents: [
          question,
          first.candidates[0].content,
          { role: 'user', parts: [{ functionResponse: { id: call.id, name: call.name, response: { output: weatherReport } } }] },
        ],
        config: { tools: [weatherTool] },
      });
      assert.equal(second.text, `The tool said: ${weatherReport}`);
    });

    test('JSON output: responseMimeType with a responseSchema', async () => {
      const response = await connect().models.generateContent({
        model: provider.model,
        contents: 'Name a city.',
        config: {
          responseMimeType: 'application/json',
          responseSchema: { type: Type.OBJECT, properties: { city: { type: Type.STRING } }, required: ['city'] },
        },
      });
      const answer = JSON.parse(response.text);
      assert.equal(typeof answer.city, 'string');
    });

    test('a request the gateway cannot serve raises ApiError 400', async () => {
      await assert.rejects(
        connect().models.generateContent({ model: provider.model, contents: [{ role: 'user', parts: [{ executableCode: { code: 'print(1)', language: 'PYTHON' } }] }] }),
        (error) => {
          assert.ok(error instanceof ApiError, `${error}`);
          assert.equal(error.status, 400);
          assert.match(error.message, /INVALID_ARGUMENT/);
          return true;
        },
      );
    });
  });
}

describe('@google/genai, keys and models', () => {
  test('a wrong key raises ApiError 401', async () => {
    await assert.rejects(connect('not-a-client-key').models.generateContent({ model: providers[0].model, contents: 'Hi' }), (error) => {
      assert.ok(error instanceof ApiError, `${error}`);
      assert.equal(error.status, 401);
      assert.match(error.message, /UNAUTHENTICATED/);
      return true;
    });
  });

  test('models.list lists the gateway models', async () => {
    const names = [];
    for await (const model of await connect().models.list()) {
      names.push(model.name);
    }
    assert.ok(names.includes('models/smart') && names.includes('models/fast'), names.join(' '));
  });
});

// Gemini CLI starts in seconds, not milliseconds: a longer bound than the SDK tests'.
const cliTest = (name, fn) => nodeTest(name, { timeout: 150_000 }, fn);

/** Every request the CLI sent went to the Gemini surface with its key header, and the gateway refused none. */
function assertServed(run) {
  assert.ok(run.exchanges.length > 0, 'the CLI sent nothing to the gateway');
  for (const exchange of run.exchanges) {
    assert.ok(exchange.status >= 200 && exchange.status < 300, `the gateway answered ${exchange.status} to ${exchange.method} ${exchange.url}\n${run.stderr}`);
    assert.ok(exchange.googKey, `no x-goog-api-key on ${exchange.url}`);
  }
  assert.ok(run.exchanges.some((e) => /:streamGenerateContent\?alt=sse$/.test(e.url)), run.exchanges.map((e) => e.url).join(' '));
}

for (const provider of providers) {
  describe(`Gemini CLI -p, ${provider.label}`, () => {
    cliTest('a text turn', async () => {
      const run = await runGeminiCli({ gateway: replicaA, key: clientKey, model: provider.model, prompt: '[no tools] Say hello.' });
      assert.equal(run.code, 0, `exit ${run.code}\n${run.stdout}\n${run.stderr}`);
      assertFrom(provider, run.stdout.trim());
      assertServed(run);
    });

    cliTest('a tool round trip: read_file, then an answer from the file', async () => {
      // The fakes fill a string argument with "Paris": the file read is ./Paris.
      const run = await runGeminiCli({
        gateway: replicaA,
        key: clientKey,
        model: provider.model,
        prompt: '[tool: read_file] What does the file say?',
        files: { Paris: 'The secret word is pelican.\n' },
      });
      assert.equal(run.code, 0, `exit ${run.code}\n${run.stdout}\n${run.stderr}`);
      assert.match(run.stdout, /The tool said: .*The secret word is pelican\./s, `${run.stdout}\n${run.stderr}`);
      assertServed(run);
      assert.ok(run.exchanges.length >= 2, 'one request for the call, one for the answer');
    });
  });
}
