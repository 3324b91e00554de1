// `@mcp-factory/runtime/record-mode`: the runtime's main hands a server's extras to `withRecordReplay`. With
// `<PREFIX>_RECORD` and `<PREFIX>_REPLAY` unset (the default) they come back as they were and nothing else is
// loaded; otherwise the record/replay engine (engine.ts) is imported on the first call, and the upstream
// client's tap and the resource and prompt hook (active.ts) are set at once, so a replaying server never reaches
// the network.
import fs from 'node:fs';
import { ConfigError } from '../config.js';
import type { CallRecorder } from '../defineTool.js';
import { UpstreamError, messageOf } from '../errors.js';
import { log } from '../log.js';
import { setActivePrimitiveRecorder, setActiveTap, type TappedExchange } from './active.js';
import type { RecordReplay, RecordReplaySettings } from './engine.js';

/** The parts of a server's extras this wraps (its ServerExtras has them). */
export interface RecordableExtras {
  recorder?: CallRecorder;
}

/** Bodies over this many characters are cut in a recording (`<PREFIX>_RECORD_MAX_BODY_CHARS`). */
export const DEFAULT_MAX_BODY_CHARS = 256 * 1024;

type Env = Record<string, string | undefined>;

/** The settings the variables ask for; undefined when neither is set. A bad value throws a ConfigError. */
export function recordReplaySettings(
  envPrefix: string,
  env: Env = process.env,
): Omit<RecordReplaySettings, 'report'> | undefined {
  const record = env[`${envPrefix}_RECORD`]?.trim();
  const replay = env[`${envPrefix}_REPLAY`]?.trim();
  if (!record && !replay) return undefined;
  if (record && replay) {
    throw new ConfigError(`${envPrefix}_RECORD and ${envPrefix}_REPLAY are both set: choose one`);
  }
  const limitVar = `${envPrefix}_RECORD_MAX_BODY_CHARS`;
  const limit = env[limitVar]?.trim();
  const maxBodyChars = limit ? Number(limit) : DEFAULT_MAX_BODY_CHARS;
  if (!Number.isInteger(maxBodyChars) || maxBodyChars < 1) {
    throw new ConfigError(`invalid ${limitVar}: a whole number of characters, at least 1, got "${limit}"`);
  }
  if (replay && !fs.existsSync(replay)) {
    throw new ConfigError(`${envPrefix}_REPLAY=${replay}: no such folder (record one with ${envPrefix}_RECORD first)`);
  }
  return record ? { mode: 'record', dir: record, maxBodyChars } : { mode: 'replay', dir: replay ?? '', maxBodyChars };
}

/** Extras that record or replay every tool call (and resource read and prompt get) when `<PREFIX>_RECORD` or `<PREFIX>_REPLAY` asks; else `extras`. */
export function withRecordReplay<E extends RecordableExtras>(extras: E, envPrefix: string, env: Env = process.env): E {
  let settings: ReturnType<typeof recordReplaySettings>;
  try {
    settings = recordReplaySettings(envPrefix, env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    log.error(error.message);
    process.exit(1);
  }
  if (!settings) return extras;
  const started = settings;
  let engine: RecordReplay | undefined;
  let loading: Promise<RecordReplay> | undefined;
  const load = () =>
    (loading ??= import('./engine.js').then((m) => {
      engine = m.startRecordReplay({ ...started, report: log.warn });
      return engine;
    }));
  // Set now, so that no request made before the first call (a resource listing) reaches the network in a replay.
  setActiveTap({
    replaying: started.mode === 'replay',
    exchange: (exchange: TappedExchange) => engine?.tap.exchange(exchange),
    replay(request) {
      if (engine) return engine.tap.replay(request);
      throw new UpstreamError('bad_response', 'replay: only tool calls, resource reads and prompt gets are replayed');
    },
  });
  // A failed start is the read's (or get's) error, as a tool call's is its result.
  const primitives = async () => {
    try {
      return (engine ?? (await load())).primitives;
    } catch (error) {
      throw new UpstreamError('bad_response', `record/replay could not start: ${messageOf(error)}`);
    }
  };
  setActivePrimitiveRecorder({
    read: async (call, run) => (await primitives()).read(call, run),
    get: async (call, run) => (await primitives()).get(call, run),
  });
  const inner = extras.recorder;
  const recorder: CallRecorder = {
    async record(call, run) {
      let outer: CallRecorder;
      try {
        outer = (engine ?? (await load())).recorder;
      } catch (error) {
        const text = `record/replay could not start: ${messageOf(error)}`;
        return { isError: true, content: [{ type: 'text', text }] };
      }
      return outer.record(call, inner ? () => inner.record(call, run) : run);
    },
  };
  return { ...extras, recorder };
}
