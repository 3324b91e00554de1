// `@mcp-factory/runtime/record`: recordings of tool calls, resource reads and prompt gets and their upstream
// exchanges (format.ts), the redaction applied before they are written (redact.ts), record and replay (engine.ts).
// A server reaches them through `@mcp-factory/runtime/record-mode` (mode.ts), which loads this only when asked.
export * from './format.js';
export * from './redact.js';
export * from './engine.js';
export { loadRecordings } from './replay.js';
export { withRecordReplay, recordReplaySettings, DEFAULT_MAX_BODY_CHARS, type RecordableExtras } from './mode.js';
