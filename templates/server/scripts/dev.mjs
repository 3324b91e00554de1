// `npm run dev`: the server from source with hot reload, safe to plug into a real MCP client.
// `tsx watch` and `node --watch` both print to stdout (corrupting JSON-RPC) and drop the session on
// restart. This supervisor sits between the client and the server process instead:
//  - stdout carries only the server's JSON-RPC lines; our messages go to stderr;
//  - on a change under src/ it restarts the server, replays the client's initialize handshake (and
//    swallows the replayed answer) and tells the client `notifications/tools/list_changed`;
//  - requests still unanswered at the restart are re-sent, so nothing is lost, except calls to tools
//    that may change data: those are answered with an isError result saying so, rather than run twice.
//    A tool is safe to re-run when the server marks it readOnlyHint or idempotentHint (the supervisor
//    asks the server for tools/list after each handshake, and keeps that answer to itself).
import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { watch } from 'chokidar';

// Paths are relative to the repo, not the current folder: clients start servers from anywhere.
const root = path.resolve(import.meta.dirname, '..');

const log = (message) => process.stderr.write(`[dev] ${message}\n`);
const keyOf = (id) => JSON.stringify(id);

let child;
let stopping = false;
let handshake = []; // the client's initialize request and initialized notification, as sent
const unanswered = new Map(); // request id → the raw line, until the server answers it
let replayedInit; // id of our replayed initialize, whose answer the client must not see
let replays = 0;
let probes = 0;
const safeToRerun = new Set(); // tools marked readOnlyHint or idempotentHint by the server

function start() {
  // MCP_DEV_ENTRY replaces src/index.ts, e.g. for tests.
  child = spawn(process.execPath, ['--import', 'tsx', process.env.MCP_DEV_ENTRY ?? 'src/index.ts'], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const current = child;
  readline.createInterface({ input: current.stdout }).on('line', fromServer);
  current.on('close', (code, signal) => {
    if (stopping) process.exit(0);
    if (current.restarting) return start();
    log(`server exited (${signal ?? code}); fix the code and save to restart`);
  });
  if (handshake.length > 0) {
    replayedInit = `mcp-dev-replay-${++replays}`;
    for (const line of handshake)
      toServer(line.id !== undefined ? JSON.stringify({ ...line, id: replayedInit }) : JSON.stringify(line));
    if (handshake.length > 1) probeTools();
    resendUnanswered();
  }
}

/** Asks the server which tools are safe to re-run; the answer is kept from the client (fromServer). */
function probeTools() {
  toServer(JSON.stringify({ jsonrpc: '2.0', id: `mcp-dev-tools-${++probes}`, method: 'tools/list' }));
}

function resendUnanswered() {
  let resent = 0;
  for (const [key, line] of unanswered) {
    const message = JSON.parse(line);
    const name = message.method === 'tools/call' ? message.params?.name : undefined;
    if (name === undefined || safeToRerun.has(name)) {
      toServer(line);
      resent += 1;
      continue;
    }
    unanswered.delete(key);
    const text =
      `the dev server restarted during this call; ${name} was not run again because it may change data ` +
      '(it is not marked readOnlyHint or idempotentHint): check whether it took effect, then call it again if needed';
    process.stdout.write(
      `${JSON.stringify({ jsonrpc: '2.0', id: message.id, result: { content: [{ type: 'text', text }], isError: true } })}\n`,
    );
    log(`${name} was in flight during the restart and may change data: answered with an error, not re-run`);
  }
  if (resent > 0) log(`re-sent ${resent} unanswered request(s)`);
}

function toServer(line) {
  if (child.exitCode === null && child.stdin.writable) child.stdin.write(`${line}\n`);
}

function fromServer(line) {
  let message;
  try {
    message = JSON.parse(line);
  } catch {
    message = undefined;
  }
  if (message && !('method' in message) && message.id !== undefined) {
    if (typeof message.id === 'string' && message.id.startsWith('mcp-dev-tools-')) {
      safeToRerun.clear();
      for (const t of message.result?.tools ?? []) {
        if (t.annotations?.readOnlyHint === true || t.annotations?.idempotentHint === true) safeToRerun.add(t.name);
      }
      return;
    }
    if (message.id === replayedInit) {
      replayedInit = undefined;
      process.stdout.write(`${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/tools/list_changed' })}\n`);
      return;
    }
    unanswered.delete(keyOf(message.id));
  }
  process.stdout.write(`${line}\n`);
}

readline
  .createInterface({ input: process.stdin })
  .on('line', (line) => {
    let message;
    try {
      message = JSON.parse(line);
    } catch {
      message = undefined;
    }
    if (message?.method === 'initialize') handshake = [message];
    else if (message?.method === 'notifications/initialized') handshake.push(message);
    else if (message?.method === 'notifications/cancelled') unanswered.delete(keyOf(message.params?.requestId));
    if (message?.method && message.id !== undefined && message.method !== 'initialize')
      unanswered.set(keyOf(message.id), line);
    toServer(line);
    if (message?.method === 'notifications/initialized') probeTools();
  })
  .on('close', () => {
    stopping = true;
    child.stdin.end();
  });

function stop() {
  stopping = true;
  child.kill('SIGTERM');
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

let timer;
// MCP_DEV_WATCH (comma-separated paths) replaces the watched folder, e.g. for tests.
watch(process.env.MCP_DEV_WATCH?.split(',') ?? [path.join(root, 'src')], { ignoreInitial: true }).on(
  'all',
  (_event, file) => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      log(`${file} changed: restarting the server`);
      child.restarting = true;
      if (child.exitCode !== null) start();
      else child.kill('SIGTERM');
    }, 100);
  },
);

start();
