// Record or replay, started from settings (mode.ts loads this module only when a variable asks for it).
import type { CallRecorder } from '../defineTool.js';
import type { PrimitiveRecorder, UpstreamTap } from './active.js';
import { createRecorder } from './record.js';
import { createReplayer } from './replay.js';

export interface RecordReplaySettings {
  mode: 'record' | 'replay';
  dir: string;
  maxBodyChars: number;
  report(message: string): void;
}

export interface RecordReplay {
  recorder: CallRecorder;
  /** Resource reads and prompt gets (definePrompt and defineResource ask active.ts for it). */
  primitives: PrimitiveRecorder;
  tap: UpstreamTap;
}

export function startRecordReplay(settings: RecordReplaySettings): RecordReplay {
  if (settings.mode === 'record') {
    const recorder = createRecorder(settings);
    const tap: UpstreamTap = {
      replaying: false,
      exchange: recorder.exchange,
      replay: () => {
        throw new Error('record mode never replays');
      },
    };
    settings.report(
      `record: every tool call, resource read and prompt get, with its upstream requests, goes to ${settings.dir} (redacted)`,
    );
    return { recorder: recorder.recorder, primitives: recorder.primitives, tap };
  }
  const replayer = createReplayer(settings.dir, settings.report);
  settings.report(`replay: ${replayer.recordings} recording(s) from ${settings.dir}; no upstream request leaves`);
  return {
    recorder: replayer.recorder,
    primitives: replayer.primitives,
    tap: { replaying: true, exchange: () => undefined, replay: replayer.replay },
  };
}
