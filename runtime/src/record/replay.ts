// Replay mode (`<PREFIX>_REPLAY=<dir>`): a tool call, resource read or prompt get is matched to a recording by its
// kind, name and input, then runs as always, except that each upstream request is answered from that recording's
// exchanges (matched on method, path, query and body) instead of the network. A miss is an error naming the
// closest recording.
import { AsyncLocalStorage } from 'node:async_hooks';
import fs from 'node:fs';
import path from 'node:path';
import type { CallRecorder } from '../defineTool.js';
import { UpstreamError } from '../errors.js';
import type { PrimitiveRecorder, TappedRequest } from './active.js';
import {
  canonicalJson,
  parseRecording,
  pathBelow,
  recordingFile,
  recordingKey,
  type Recording,
  type RecordingKind,
} from './format.js';
import { createRedactor, loadDenyList, DENY_LIST_FILE, type Redactor } from './redact.js';

interface Loaded {
  file: string;
  recording: Recording;
}

interface ReplayedCall extends Loaded {
  used: Set<number>;
}

/** The recordings of a folder, by file name; files that are not recordings are named once and skipped. */
export function loadRecordings(dir: string, report: (message: string) => void): Map<string, Recording> {
  const found = new Map<string, Recording>();
  if (!fs.existsSync(dir)) throw new Error(`replay folder ${dir} does not exist`);
  for (const name of fs.readdirSync(dir).sort()) {
    if (!name.endsWith('.json') || name === DENY_LIST_FILE) continue;
    const parsed = parseRecording(fs.readFileSync(path.join(dir, name), 'utf8'));
    if (typeof parsed === 'string') report(`replay: ${name} skipped: ${parsed}`);
    else found.set(name, parsed);
  }
  return found;
}

/** The top-level input fields in which two inputs differ. */
function differences(a: unknown, b: unknown): string[] {
  const fields = (v: unknown) => new Map<string, unknown>(v && typeof v === 'object' ? Object.entries(v) : []);
  const [ao, bo] = [fields(a), fields(b)];
  return [...new Set([...ao.keys(), ...bo.keys()])]
    .filter((k) => canonicalJson(ao.get(k)) !== canonicalJson(bo.get(k)))
    .sort();
}

interface LiveRequest {
  method: string;
  path: string;
  query: string;
  body: string;
}

const describeRequest = (r: { method: string; path: string; query: string }) =>
  `${r.method} ${r.path}${r.query ? `?${r.query}` : ''}`;

function live(request: TappedRequest, r: Redactor): LiveRequest {
  const query = [...request.url.searchParams].map(([k, v]): [string, string] => [
    k,
    r.denied(k) ? '[redacted]' : r.text(v),
  ]);
  const body =
    request.body instanceof URLSearchParams || request.body instanceof FormData
      ? canonicalJson({
          form: [...request.body].map(([k, v]) => [
            k,
            r.denied(k) ? '[redacted]' : typeof v === 'string' ? r.text(v) : '[file]',
          ]),
        })
      : canonicalJson({ body: request.body === undefined ? undefined : r.value(request.body) });
  return {
    method: request.method,
    path: pathBelow(request.baseUrl, request.url),
    query: new URLSearchParams(query).toString(),
    body,
  };
}

function recorded(recording: Recording, index: number): LiveRequest {
  const { request, auth } = recording.exchanges[index];
  const query = request.query.filter(([k]) => !auth.query.includes(k));
  return {
    method: request.method,
    path: request.path,
    query: new URLSearchParams(query).toString(),
    body: request.form ? canonicalJson({ form: request.form }) : canonicalJson({ body: request.body }),
  };
}

/** How a miss names what was asked: `update_item`, `resource docs`, `prompt research`. */
const called = (kind: RecordingKind, name: string) => (kind === 'tool' ? name : `${kind} ${name}`);

export interface Replayer {
  recorder: CallRecorder;
  primitives: PrimitiveRecorder;
  replay(request: TappedRequest): Response;
  readonly recordings: number;
}

export function createReplayer(dir: string, report: (message: string) => void): Replayer {
  const recordings = loadRecordings(dir, report);
  const redactor = createRedactor(loadDenyList(dir, false));
  const calls = new AsyncLocalStorage<ReplayedCall>();
  const miss = (message: string) => ({ isError: true, content: [{ type: 'text' as const, text: message }] });

  function find(kind: RecordingKind, name: string, args: unknown): Loaded | string {
    const input = redactor.value(args ?? {});
    const file = recordingFile(kind, name, recordingKey(kind, name, input));
    const recording = recordings.get(file);
    if (recording) return { file, recording };
    const what = called(kind, name);
    const ofName = [...recordings].filter(([, r]) => r.kind === kind && r.name === name);
    if (ofName.length === 0) {
      const names = [...new Set([...recordings.values()].map((r) => called(r.kind, r.name)))].sort();
      return `replay: no recording of ${what} in ${dir} (recorded: ${names.join(', ') || 'none'})`;
    }
    const [closestFile, closest] = ofName
      .map(([f, r]): [string, Recording, number] => [f, r, differences(r.input, input).length])
      .sort((a, b) => a[2] - b[2])[0];
    return `replay: no recording of ${what} with this input in ${dir}; closest: ${closestFile} (input differs in ${differences(closest.input, input).join(', ')})`;
  }

  /** A resource read or prompt get, replayed: a miss is thrown (the client gets it as the call's error). */
  async function replayed<R>(kind: 'resource' | 'prompt', name: string, input: unknown, run: () => Promise<R>) {
    const found = find(kind, name, input);
    if (typeof found === 'string') throw new UpstreamError('bad_response', found);
    return calls.run({ ...found, used: new Set() }, run);
  }

  return {
    get recordings() {
      return recordings.size;
    },
    recorder: {
      async record(call, run) {
        const found = find('tool', call.tool, call.args);
        if (typeof found === 'string') return miss(found);
        return calls.run({ ...found, used: new Set() }, run);
      },
    },
    primitives: {
      read: ({ name, input }, run) => replayed('resource', name, input, run),
      get: ({ name, input }, run) => replayed('prompt', name, input, run),
    },
    replay(request) {
      const call = calls.getStore();
      const asked = live(request, redactor);
      if (!call) {
        throw new UpstreamError(
          'bad_response',
          `replay: ${describeRequest(asked)} is not part of a recorded call (a tool call, resource read or prompt get)`,
        );
      }
      const { recording, used, file } = call;
      const candidates = recording.exchanges.map((_, i) => i).filter((i) => !used.has(i));
      const index = candidates.find((i) => canonicalJson(recorded(recording, i)) === canonicalJson(asked));
      if (index === undefined) {
        const score = (i: number) => {
          const r = recorded(recording, i);
          return (['method', 'path', 'query', 'body'] as const).filter((k) => r[k] !== asked[k]);
        };
        const best = candidates.sort((a, b) => score(a).length - score(b).length)[0];
        const closest =
          best === undefined
            ? 'every recorded request of this call was already answered'
            : `closest: ${describeRequest(recorded(recording, best))} (request ${best + 1} of ${file}; differs in ${score(best).join(', ')})`;
        throw new UpstreamError(
          'bad_response',
          `replay: no recorded request matches ${describeRequest(asked)}; ${closest}`,
        );
      }
      used.add(index);
      const { response } = recording.exchanges[index];
      if (response.status === undefined || response.error !== undefined) {
        // As recorded: no answer (a network error, a timeout), or one the client could not read (too large).
        const kind = response.status === undefined ? 'network' : 'too_large';
        throw new UpstreamError(kind, response.error ?? `replay: request ${index + 1} of ${file} got no answer`);
      }
      if (response.bodyLength !== undefined) {
        throw new UpstreamError(
          'too_large',
          `replay: the answer to request ${index + 1} of ${file} was cut at ${response.body?.length ?? 0} of ${response.bodyLength} characters when recorded: raise the recording limit and record it again`,
        );
      }
      const empty = response.status === 204 || response.status === 304;
      return new Response(empty ? null : (response.body ?? ''), { status: response.status, headers: response.headers });
    },
  };
}
