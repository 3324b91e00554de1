// What the LLM presets' `ask` tools share, so that a server's tool holds only its own schema, request and choice of
// answer format: reading an OpenAI-compatible chat completion (OpenAI, Perplexity, local servers) or a Gemini
// generateContent response into { answer, sources, model }, the tool result that lists the sources, and a sample
// answer of each format that a tool's `example` (the data of its tests) is built from.
// Hand-written: the official SDKs of these APIs are clients with their own HTTP stacks; the runtime's upstream
// client (auth, resilience, limits) makes the call, and only these few fields of the answer are read.
import * as z from 'zod';
import type { ToolExample } from './defineTool.js';
import { UpstreamError } from './errors.js';

/** The structured result of an `ask` tool (its outputSchema). */
export const answerSchema = z.object({
  answer: z.string(),
  sources: z.array(z.string()).describe('URLs the answer is based on (may be empty)'),
  model: z.string(),
});
export type ChatAnswer = z.infer<typeof answerSchema>;

/** The fields read from an OpenAI-compatible `POST /chat/completions` answer. */
export interface Completion {
  id?: string;
  model?: string;
  choices?: Array<{ index?: number; message?: { role?: string; content?: string | null } }>;
  /** Perplexity's sources (the older `citations[]` is read when they are absent). */
  search_results?: Array<{ title?: string; url?: string }>;
  citations?: string[];
}

/** The fields read from a Gemini `POST /v1beta/models/{model}:generateContent` answer. */
export interface GenerateContentResponse {
  modelVersion?: string;
  candidates?: Array<{
    content?: { role?: string; parts?: Array<{ text?: string }> };
    groundingMetadata?: { groundingChunks?: Array<{ web?: { uri?: string; title?: string } }> };
  }>;
}

const strings = (values: Array<string | undefined> | undefined): string[] =>
  (values ?? []).filter((value): value is string => typeof value === 'string');

/**
 * A chat completion's answer (`choices[0].message.content`), its sources (`search_results[].url`, or the older
 * `citations[]`) and the model that answered (`model`, else the one asked for). An answer without content is an
 * UpstreamError ('bad_response'), reported to the client as an error result.
 */
export function completionAnswer(response: Completion | undefined, model: string, apiName: string): ChatAnswer {
  const answer = response?.choices?.[0]?.message?.content;
  if (typeof answer !== 'string') {
    throw new UpstreamError('bad_response', `${apiName} answered without choices[0].message.content`);
  }
  const fromResults = strings(response?.search_results?.map((result) => result?.url));
  const sources = fromResults.length > 0 ? fromResults : strings(response?.citations);
  return { answer, sources, model: response?.model ?? model };
}

/**
 * A Gemini answer: the text of `candidates[0].content.parts` joined, its grounding sources
 * (`groundingMetadata.groundingChunks[].web.uri`) and the model that answered (`modelVersion`, else the one asked
 * for). An answer without parts is an UpstreamError ('bad_response').
 */
export function generateContentAnswer(
  response: GenerateContentResponse | undefined,
  model: string,
  apiName: string,
): ChatAnswer {
  const candidate = response?.candidates?.[0];
  const parts = candidate?.content?.parts ?? [];
  if (parts.length === 0) {
    throw new UpstreamError('bad_response', `${apiName} answered without candidates[0].content.parts`);
  }
  const answer = parts.map((part) => part?.text ?? '').join('');
  const sources = strings(candidate?.groundingMetadata?.groundingChunks?.map((chunk) => chunk?.web?.uri));
  return { answer, sources, model: response?.modelVersion ?? model };
}

/** The tool result: the answer with its sources listed as `[n] url` below it, and the answer as structured data. */
export function answerResult(answer: ChatAnswer): {
  content: Array<{ type: 'text'; text: string }>;
  structuredContent: ChatAnswer;
} {
  const listed = answer.sources.map((url, i) => `[${i + 1}] ${url}`).join('\n');
  const text = answer.sources.length > 0 ? `${answer.answer}\n\nSources:\n${listed}` : answer.answer;
  return { content: [{ type: 'text', text }], structuredContent: answer };
}

/** The sample question, answer and source of both examples below. */
export const SAMPLE = {
  question: 'What is the Model Context Protocol?',
  answer: 'MCP is an open protocol that connects AI apps to tools and data.',
  source: 'https://modelcontextprotocol.io/',
} as const;

/** A tool example whose upstream answers in one of these formats, and whose result is an `ask` tool's. */
export interface ChatExample<Body> extends ToolExample<{ question: string }> {
  upstream: { method: string; path: string; body: Body };
  structuredContent: ChatAnswer;
}

/** A call of an `ask` tool and a chat completion citing one source (Perplexity's shape), as the upstream answers it. */
export function completionExample(model: string, path = '/chat/completions'): ChatExample<Completion> {
  const message = { role: 'assistant', content: SAMPLE.answer };
  return {
    arguments: { question: SAMPLE.question },
    upstream: {
      method: 'POST',
      path,
      body: {
        id: 'cmpl-1',
        model,
        choices: [{ index: 0, message }],
        search_results: [{ title: 'MCP', url: SAMPLE.source }],
      },
    },
    structuredContent: { answer: SAMPLE.answer, sources: [SAMPLE.source], model },
  };
}

/** A call of an `ask` tool and a grounded Gemini answer in two parts, as `generateContent` for `model` answers it. */
export function generateContentExample(model: string): ChatExample<GenerateContentResponse> {
  const [first, rest] = [SAMPLE.answer.slice(0, 24), SAMPLE.answer.slice(24)];
  return {
    arguments: { question: SAMPLE.question },
    upstream: {
      method: 'POST',
      path: `/v1beta/models/${encodeURIComponent(model)}:generateContent`,
      body: {
        modelVersion: model,
        candidates: [
          {
            content: { role: 'model', parts: [{ text: first }, { text: rest }] },
            groundingMetadata: { groundingChunks: [{ web: { uri: SAMPLE.source, title: 'MCP' } }] },
          },
        ],
      },
    },
    structuredContent: { answer: SAMPLE.answer, sources: [SAMPLE.source], model },
  };
}
