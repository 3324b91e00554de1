// The LLM presets' shared plumbing (chat.ts): reading OpenAI-compatible and Gemini answers, the result that lists
// sources, the sample answers their examples serve, and how the upstream client maps these APIs' error answers
// (moved here from each generated `ask` test: they test the runtime, not a server's tool).
import { describe, expect, it } from '@jest/globals';
import {
  answerResult,
  answerSchema,
  completionAnswer,
  completionExample,
  generateContentAnswer,
  generateContentExample,
  SAMPLE,
} from '../src/chat.js';
import { UpstreamError } from '../src/errors.js';
import { testConfig, testUpstream } from './helpers/config.js';
import { scaled } from '../../test/helpers/timeouts.js';

const API = 'Perplexity';
/** The retryDelay a 429 asks for, and how much earlier than asked a timer may fire. */
const RETRY_DELAY_MS = 300;
const TIMER_SLACK_MS = 20;

describe('completionAnswer (OpenAI-compatible chat completions)', () => {
  const choices = [{ message: { content: 'the answer' } }];

  it('reads the first choice, the sources and the model that answered', () => {
    const response = { model: 'sonar-2', choices, search_results: [{ url: 'https://a.example/' }, {}] };
    expect(completionAnswer(response, 'sonar-pro', API)).toEqual({
      answer: 'the answer',
      sources: ['https://a.example/'],
      model: 'sonar-2',
    });
  });

  it('falls back to the older citations[], and to the model asked for', () => {
    const response = { choices, citations: ['https://a.example/', 'https://b.example/'] };
    expect(completionAnswer(response, 'sonar-pro', API)).toEqual({
      answer: 'the answer',
      sources: ['https://a.example/', 'https://b.example/'],
      model: 'sonar-pro',
    });
    expect(completionAnswer({ choices }, 'gpt-x', 'OpenAI').sources).toEqual([]);
  });

  it.each([undefined, {}, { choices: [] }, { choices: [{ message: { content: null } }] }])(
    'reports an answer without content (%j) as a bad response',
    (response) => {
      expect(() => completionAnswer(response, 'm', API)).toThrow(
        new UpstreamError('bad_response', 'Perplexity answered without choices[0].message.content'),
      );
    },
  );
});

describe('generateContentAnswer (Gemini)', () => {
  it('joins the parts, reads the grounding sources and the model version', () => {
    const response = {
      modelVersion: 'gemini-2.5-flash-001',
      candidates: [
        {
          content: { parts: [{ text: 'one ' }, {}, { text: 'two' }] },
          groundingMetadata: { groundingChunks: [{ web: { uri: 'https://a.example/' } }, { web: {} }] },
        },
      ],
    };
    expect(generateContentAnswer(response, 'gemini-2.5-flash', 'Gemini')).toEqual({
      answer: 'one two',
      sources: ['https://a.example/'],
      model: 'gemini-2.5-flash-001',
    });
  });

  it('answers without grounding have no sources; the model asked for stands in', () => {
    const response = { candidates: [{ content: { parts: [{ text: 'plain' }] } }] };
    expect(generateContentAnswer(response, 'gemini-x', 'Gemini')).toEqual({
      answer: 'plain',
      sources: [],
      model: 'gemini-x',
    });
  });

  it.each([undefined, {}, { candidates: [] }, { candidates: [{ content: { parts: [] } }] }])(
    'reports an answer without parts (%j) as a bad response',
    (response) => {
      expect(() => generateContentAnswer(response, 'm', 'Gemini')).toThrow(
        'Gemini answered without candidates[0].content.parts',
      );
    },
  );
});

describe('answerResult', () => {
  it('lists the sources, numbered, below the answer', () => {
    const answer = { answer: 'A.', sources: ['https://a.example/', 'https://b.example/'], model: 'm' };
    expect(answerResult(answer)).toEqual({
      content: [{ type: 'text', text: 'A.\n\nSources:\n[1] https://a.example/\n[2] https://b.example/' }],
      structuredContent: answer,
    });
  });

  it('is the bare answer when there are no sources', () => {
    expect(answerResult({ answer: 'A.', sources: [], model: 'm' }).content).toEqual([{ type: 'text', text: 'A.' }]);
  });
});

describe('the sample answers (a tool example)', () => {
  it('a chat completion reads as the structuredContent the example promises', () => {
    const example = completionExample('sonar-pro');
    expect(example.arguments).toEqual({ question: SAMPLE.question });
    expect(example.upstream).toMatchObject({ method: 'POST', path: '/chat/completions' });
    expect(completionAnswer(example.upstream.body, 'asked', API)).toEqual(example.structuredContent);
    expect(answerSchema.parse(example.structuredContent)).toEqual({
      answer: SAMPLE.answer,
      sources: [SAMPLE.source],
      model: 'sonar-pro',
    });
  });

  it('a Gemini answer reads as the structuredContent the example promises', () => {
    const example = generateContentExample('gemini-2.5-flash');
    expect(example.arguments).toEqual({ question: SAMPLE.question });
    expect(example.upstream).toMatchObject({ method: 'POST', path: '/v1beta/models/gemini-2.5-flash:generateContent' });
    expect(generateContentAnswer(example.upstream.body, 'asked', 'Gemini')).toEqual(example.structuredContent);
    expect(answerSchema.parse(example.structuredContent)).toEqual({
      answer: SAMPLE.answer,
      sources: [SAMPLE.source],
      model: 'gemini-2.5-flash',
    });
  });

  it('puts the model in the Gemini path, encoded', () => {
    expect(generateContentExample('tuned/m 1').upstream.path).toBe('/v1beta/models/tuned%2Fm%201:generateContent');
    expect(completionExample('m', '/v1/chat/completions').upstream.path).toBe('/v1/chat/completions');
  });
});

describe("these APIs' error answers, through the upstream client", () => {
  const config = testConfig({
    apiName: 'Gemini',
    retry: { maxAttempts: 2, initialDelayMs: 1, maxDelayMs: 5 },
  });
  const answering = (...replies: Array<[number, unknown]>) => {
    let calls = 0;
    const fetchImpl: typeof fetch = async () => {
      const [status, body] = replies[Math.min(calls++, replies.length - 1)];
      return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
    };
    return { upstream: testUpstream(config, fetchImpl), calls: () => calls };
  };

  it("maps Gemini's 400 API_KEY_INVALID to a key error, not retried", async () => {
    const { upstream, calls } = answering([
      400,
      {
        error: {
          code: 400,
          message: 'API key not valid. Please pass a valid API key.',
          status: 'INVALID_ARGUMENT',
          details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID' }],
        },
      },
    ]);
    await expect(upstream.request({ method: 'POST', path: '/v1beta/models/m:generateContent' })).rejects.toMatchObject({
      kind: 'auth',
      message: `Gemini rejected the API key (400): check TEST_API_KEY`,
    });
    expect(calls()).toBe(1);
  });

  it("waits the retryDelay of Gemini's 429 RetryInfo before the next attempt", async () => {
    const retryInfo = { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${RETRY_DELAY_MS / 1000}s` };
    const { upstream, calls } = answering(
      [429, { error: { code: 429, status: 'RESOURCE_EXHAUSTED', message: 'Quota exceeded', details: [retryInfo] } }],
      [200, { ok: true }],
    );
    const started = Date.now();
    await expect(upstream.request({ method: 'POST', path: '/x', idempotent: true })).resolves.toEqual({ ok: true });
    expect(calls()).toBe(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(RETRY_DELAY_MS - TIMER_SLACK_MS);
    expect(Date.now() - started).toBeLessThan(scaled(RETRY_DELAY_MS * 10));
  });

  it("names OpenAI's insufficient_quota instead of retrying it as a rate limit", async () => {
    const { upstream, calls } = answering([
      429,
      { error: { message: 'You exceeded your current quota', type: 'insufficient_quota', code: 'insufficient_quota' } },
    ]);
    await expect(upstream.request({ method: 'POST', path: '/chat/completions' })).rejects.toMatchObject({
      kind: 'quota',
      message: expect.stringContaining('no quota left (insufficient_quota)'),
    });
    expect(calls()).toBe(1);
  });
});
