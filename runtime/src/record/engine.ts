// Record or replay, started from settings (mode.ts loads this module only when a variable asks for it).
import type { CallRecorder } from '../defineTool.js';
import type { UpstreamTap } from './active.js';
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
    settings.report(`record: every tool call and its upstream requests go to ${settings.dir} (redacted)`);
    return { recorder: recorder.recorder, tap };
  }
  const replayer = createReplayer(settings.dir, settings.report);
  settings.report(`replay: ${replayer.recordings} recording(s) from ${settings.dir}; no upstream request leaves`);
  return {
    recorder: replayer.recorder,
    tap: { replaying: true, exchange: () => undefined, replay: replayer.replay },
  };
}
