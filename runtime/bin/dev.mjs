#!/usr/bin/env node
// mcp-factory-dev, a server repo's `npm run dev`: the server from source with hot reload, safe to plug into a real
// MCP client. `mcp-factory-dev [repo folder]` (default: the current folder, where npm runs it). chokidar and tsx are
// the repo's devDependencies (optional peers of the runtime: users of a server never run this).
// `tsx watch` and `node --watch` both print to stdout (corrupting JSON-RPC) and drop the session on
// restart. This supervisor sits between the client and the server process instead:
//  - stdout carries only the server's JSON-RPC lines; our messages go to stderr; we talk to each server
//    over a Node IPC channel (devChild.mjs, loaded into dev servers only), never its stdout;
//  - fast path: when only files under src/tools/ (or src/primitives.ts) changed, the running server re-imports the changed tool
//    modules and swaps its tools in place (no new process, no replay); it sends
//    `notifications/tools/list_changed` itself when a tool was added, removed or changed its listing. Calls in
//    flight finish on the version they started with. In any doubt (a helper module changed, a file the index
//    does not import, an import that fails) the server keeps its tools and we restart it as below;
//  - on any other change under src/ it starts a *new* server next to the running one (blue/green), replays
//    the client's initialize handshake to it (the answer is kept from the client), and switches new
//    requests to it only once it has answered; the old server finishes the calls it already has
//    (up to MCP_DEV_DRAIN_TIMEOUT_MS), then stops. The client gets `notifications/tools/list_changed`.
//    The new server is a spare started in advance, with the libraries already loaded (MCP_DEV_PREWARM=0
//    turns that off);
//  - if the new server fails (a compile error, a throw at import, no answer in time), the old one keeps
//    serving every request; saving a fix reloads. A server that crashes on its own is restarted with
//    a growing delay, and requests wait for it instead of being lost;
//  - a request left unanswered by a server that went away is re-sent, except calls to tools that may
//    change data: those are answered with an isError result saying so, rather than run twice. A tool
//    is safe to re-run when the server marks it readOnlyHint or idempotentHint (the supervisor asks
//    each server for tools/list after the handshake and after an in-place reload, and keeps that answer
//    to itself);
//  - writes to a server that is going away can fail (EPIPE): they are ignored, never fatal.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { pathToFileURL } from 'node:url';
import { watch } from 'chokidar';

// Paths are relative to the repo: a client that starts the supervisor from elsewhere names the repo's folder.
const root = path.resolve(process.argv[2] ?? '.');
const ms = (name, fallback) => Number(process.env[name] ?? fallback);
const INIT_TIMEOUT_MS = ms('MCP_DEV_INIT_TIMEOUT_MS', 15_000);
const DRAIN_TIMEOUT_MS = ms('MCP_DEV_DRAIN_TIMEOUT_MS', 10_000);
const DEBOUNCE_MS = ms('MCP_DEV_DEBOUNCE_MS', 30); // an editor's save or a generator's few files arrive together
const FAST_RELOAD_TIMEOUT_MS = 5_000;
const MAX_BACKOFF_MS = 10_000;
const PREWARM = process.env.MCP_DEV_PREWARM !== '0';
const toolsDir = path.join(root, 'src', 'tools') + path.sep;
// The tools list of a server on the runtime's entry (servers before it list them in src/tools/index.ts).
const primitives = path.join(root, 'src', 'primitives.ts');
/** A file the running server can take in place: a tool module, or the list of tools. */
const inPlace = (file) => file.startsWith(toolsDir) || file === primitives;
const MODULE = /\.(ts|mts|cts|tsx|js|mjs|cjs|jsx)$/;
const devChild = pathToFileURL(path.join(import.meta.dirname, 'devChild.mjs')).href;

const log = (message) => process.stderr.write(`[dev] ${message}\n`);
const keyOf = (id) => JSON.stringify(id);
const toClient = (message) =>
  process.stdout.write(`${typeof message === 'string' ? message : JSON.stringify(message)}\n`);

let generation = 0;
let active; // the server the client's requests go to
let candidate; // a new server being started; it becomes active once it answers the replayed initialize
let spare; // a server started in advance with its libraries loaded, waiting to become the next candidate
let fastReload; // the in-place reload the active server is doing: { id, child, timer, more }
let changedAt; // when the change being reloaded was saved (first event of the batch)
let stopping = false;
let crashes = 0; // servers in a row that died on their own (backoff)
let handshake = []; // the client's initialize request and initialized notification, as sent
const children = new Set();
const unanswered = new Map(); // request key → { line, child } until a server answers it
const waiting = []; // client lines that arrived while no server was running
const safeToRerun = new Set(); // tools marked readOnlyHint or idempotentHint by the active server

function spawnServer({ asSpare = false } = {}) {
  // MCP_DEV_ENTRY replaces src/index.ts, e.g. for tests.
  const entry = process.env.MCP_DEV_ENTRY ?? 'src/index.ts';
  const child = spawn(process.execPath, ['--import', 'tsx', '--import', devChild, entry], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'inherit', 'ipc'],
    env: asSpare ? { ...process.env, MCP_DEV_SPARE: '1' } : process.env,
  });
  child.generation = ++generation;
  child.started = Date.now();
  child.stdin.on('error', () => {}); // EPIPE from a server going away: what it had is handled when it closes
  child.on('error', () => {}); // an IPC message to a server going away: same
  child.on('message', (message) => onFastReloadAnswer(child, message));
  children.add(child);
  readline.createInterface({ input: child.stdout }).on('line', (line) => fromServer(child, line));
  child.on('close', (code, signal) => onClose(child, code ?? signal));
  return child;
}

const alive = (child) => child && child.exitCode === null && child.signalCode === null && !child.stdin.destroyed;

function send(child, line) {
  if (alive(child)) child.stdin.write(`${line}\n`);
}

/** The spare if there is one (told to start now), else a new server. */
function nextServer() {
  const child = spare;
  spare = undefined;
  if (!alive(child) || !child.connected) {
    child?.kill('SIGKILL');
    return spawnServer();
  }
  child.started = Date.now();
  child.send({ type: 'start' });
  return child;
}

/** Starts the next spare, once nothing else is starting (it would slow that down). */
function prepareSpare() {
  if (PREWARM && !stopping && !alive(spare) && !candidate) spare = spawnServer({ asSpare: true });
}

/** Starts a server that takes over once it has answered the replayed handshake (or at once, before any). */
function startCandidate() {
  const child = nextServer();
  if (handshake.length === 0) return promote(child);
  candidate = child;
  child.initId = `mcp-dev-init-${child.generation}`;
  for (const message of handshake)
    send(child, JSON.stringify(message.id !== undefined ? { ...message, id: child.initId } : message));
  child.timer = setTimeout(() => {
    log(
      `the new server gave no answer to initialize within ${INIT_TIMEOUT_MS} ms; ${active ? 'the previous one keeps serving' : 'retrying'}`,
    );
    child.kill('SIGKILL');
  }, INIT_TIMEOUT_MS);
}

function promote(child) {
  clearTimeout(child.timer);
  const previous = active;
  active = child;
  candidate = undefined;
  if (handshake.length > 1)
    send(child, JSON.stringify({ jsonrpc: '2.0', id: `mcp-dev-tools-${child.generation}`, method: 'tools/list' }));
  if (previous) {
    toClient({ jsonrpc: '2.0', method: 'notifications/tools/list_changed' });
    log(`reloaded in ${Date.now() - (changedAt ?? child.started)} ms (new server)`);
    retire(previous);
  } else if (child.initId) {
    toClient({ jsonrpc: '2.0', method: 'notifications/tools/list_changed' });
  }
  for (const line of waiting.splice(0)) fromClient(line);
  prepareSpare();
}

/** The old server finishes what it has (or is stopped after the drain timeout), then stops. */
function retire(child) {
  child.retiring = true;
  const stopIfIdle = () => {
    if ([...unanswered.values()].some((entry) => entry.child === child)) return;
    clearTimeout(child.drainTimer);
    child.kill('SIGTERM');
  };
  child.stopIfIdle = stopIfIdle;
  child.drainTimer = setTimeout(() => child.kill('SIGTERM'), DRAIN_TIMEOUT_MS);
  stopIfIdle();
}

function onClose(child, reason) {
  children.delete(child);
  clearTimeout(child.timer);
  clearTimeout(child.drainTimer);
  if (stopping) {
    if (children.size === 0) process.exit(0);
    return;
  }
  if (child === spare) {
    spare = undefined;
    return;
  }
  if (fastReload?.child === child) {
    clearTimeout(fastReload.timer);
    fastReload = undefined;
  }
  if (child === candidate) {
    candidate = undefined;
    if (child.replaced) return;
    if (active) {
      log(`the new server did not start (${reason}); the previous one keeps serving: fix the code and save to reload`);
      prepareSpare();
      return;
    }
  }
  rescue(child);
  if (child === active || (child.initId && !active)) {
    if (child === active) active = undefined;
    crashes += 1;
    const delay = Math.min(250 * 2 ** (crashes - 1), MAX_BACKOFF_MS);
    log(`server exited (${reason}); restarting in ${delay} ms (fix the code and save to restart at once)`);
    clearTimeout(restartTimer);
    restartTimer = setTimeout(() => {
      if (!active && !candidate && !stopping) startCandidate();
    }, delay);
  }
}
let restartTimer;

/** Requests a server left unanswered: re-sent when safe, else answered with an error (never run twice). */
function rescue(child) {
  let resent = 0;
  for (const [key, entry] of unanswered) {
    if (entry.child !== child) continue;
    unanswered.delete(key);
    const message = JSON.parse(entry.line);
    const name = message.method === 'tools/call' ? message.params?.name : undefined;
    if (name === undefined || safeToRerun.has(name)) {
      fromClient(entry.line, { resend: true });
      resent += 1;
      continue;
    }
    const text =
      `the dev server restarted during this call; ${name} was not run again because it may change data ` +
      '(it is not marked readOnlyHint or idempotentHint): check whether it took effect, then call it again if needed';
    log(`${name} was in flight during the restart and may change data: answered with an error, not re-run`);
    toClient({ jsonrpc: '2.0', id: message.id, result: { content: [{ type: 'text', text }], isError: true } });
  }
  if (resent > 0) log(`re-sent ${resent} unanswered request(s)`);
}

function fromServer(child, line) {
  let message;
  try {
    message = JSON.parse(line);
  } catch {
    message = undefined;
  }
  if (message && !('method' in message) && message.id !== undefined) {
    if (message.id === child.initId && child === candidate) return promote(child);
    if (typeof message.id === 'string' && message.id.startsWith('mcp-dev-')) {
      if (message.id === `mcp-dev-tools-${child.generation}` && child === active) {
        safeToRerun.clear();
        for (const t of message.result?.tools ?? []) {
          if (t.annotations?.readOnlyHint === true || t.annotations?.idempotentHint === true) safeToRerun.add(t.name);
        }
      }
      return;
    }
    const entry = unanswered.get(keyOf(message.id));
    if (entry && entry.child !== child) return; // answered by a server it was taken from: the other answer counts
    unanswered.delete(keyOf(message.id));
    toClient(line);
    child.stopIfIdle?.();
    return;
  }
  if (child !== candidate) toClient(line); // a candidate speaks to the client only once it has taken over
}

function fromClient(line, { resend = false } = {}) {
  let message;
  try {
    message = JSON.parse(line);
  } catch {
    message = undefined;
  }
  if (!resend) {
    if (message?.method === 'initialize') handshake = [message];
    else if (message?.method === 'notifications/initialized') handshake.push(message);
  }
  if (!alive(active)) {
    waiting.push(line);
    return;
  }
  if (message?.method === 'notifications/cancelled') {
    const entry = unanswered.get(keyOf(message.params?.requestId));
    unanswered.delete(keyOf(message.params?.requestId));
    send(entry?.child ?? active, line);
    entry?.child.stopIfIdle?.();
    return;
  }
  if (message?.method && message.id !== undefined && message.method !== 'initialize') {
    unanswered.set(keyOf(message.id), { line, child: active });
  }
  send(active, line);
  if (message?.method === 'notifications/initialized' && !resend) {
    send(active, JSON.stringify({ jsonrpc: '2.0', id: `mcp-dev-tools-${active.generation}`, method: 'tools/list' }));
  }
}

readline
  .createInterface({ input: process.stdin })
  .on('line', (line) => fromClient(line))
  .on('close', stop);

function stop() {
  if (stopping) return;
  stopping = true;
  if (children.size === 0) process.exit(0);
  for (const child of children) {
    if (child === spare) child.kill('SIGTERM'); // it has not started serving: nothing to finish
    child.stdin.end();
    setTimeout(() => child.kill('SIGKILL'), 2000).unref();
  }
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdout.on('error', stop); // the client went away (EPIPE)

/** Restarts the server (blue/green): the new one takes over once it has answered the replayed handshake. */
function restart() {
  if (candidate) {
    candidate.replaced = true; // a newer change supersedes it
    candidate.kill('SIGKILL');
    candidate = undefined;
  }
  clearTimeout(restartTimer);
  crashes = 0;
  startCandidate();
}

function onChange(changedFiles) {
  if (stopping) return;
  // A file that came and went within the batch and is not a module changes nothing: the temporary file of an
  // atomic write (`getItem.ts.1233577354`, as generators write) or of an editor.
  const files = changedFiles.filter((file) => MODULE.test(file) || fs.existsSync(file));
  if (files.length === 0) return;
  if (fastReload) {
    for (const file of files) fastReload.more.add(file); // reloaded once the current one is done
    return;
  }
  const names = files.map((file) => path.relative(root, file)).join(', ');
  if (alive(active) && active.connected && !candidate && files.every(inPlace)) {
    log(`${names} changed: reloading the tools in place`);
    const id = ++fastReloads;
    const child = active;
    const timer = setTimeout(
      () => onFastReloadAnswer(child, { id, type: 'fallback', reason: 'no answer in time' }),
      FAST_RELOAD_TIMEOUT_MS,
    );
    fastReload = { id, child, timer, more: new Set() };
    try {
      child.send({ type: 'reload', id, files });
    } catch {
      onFastReloadAnswer(child, { id, type: 'fallback', reason: 'the server is going away' });
    }
    return;
  }
  log(`${names} changed: starting the new server`);
  restart();
}

/** The running server's answer to an in-place reload: done, or restart it instead. */
function onFastReloadAnswer(child, message) {
  if (!fastReload || fastReload.child !== child || message?.id !== fastReload.id) return;
  const { more, timer } = fastReload;
  clearTimeout(timer);
  fastReload = undefined;
  if (message.type === 'reloaded') {
    const listed = message.listChanged ? '; the tool list changed' : '';
    log(`reloaded in place in ${Date.now() - changedAt} ms (import and swap ${message.ms} ms)${listed}`);
    if (message.listChanged && handshake.length > 1)
      send(child, JSON.stringify({ jsonrpc: '2.0', id: `mcp-dev-tools-${child.generation}`, method: 'tools/list' }));
    if (more.size > 0) onChange([...more]);
    return;
  }
  log(`cannot reload in place (${message.reason}): starting the new server`);
  restart(); // it loads every change, including those saved meanwhile
}

let fastReloads = 0;
const changed = new Set();
let timer;
// MCP_DEV_WATCH (comma-separated paths) replaces the watched folder, e.g. for tests.
// Editors' swap and backup files (`.name.ts.swp`, `name.ts~`) are not code.
const ignored = (file) => path.basename(file).startsWith('.') || file.endsWith('~');
watch(process.env.MCP_DEV_WATCH?.split(',') ?? [path.join(root, 'src')], { ignoreInitial: true, ignored }).on(
  'all',
  (_event, file) => {
    if (changed.size === 0) changedAt = Date.now();
    changed.add(path.resolve(file));
    clearTimeout(timer);
    timer = setTimeout(() => {
      const files = [...changed];
      changed.clear();
      onChange(files);
    }, DEBOUNCE_MS);
  },
);

startCandidate();
