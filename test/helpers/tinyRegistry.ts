// A minimal npm registry for one package, in a child process (the code under test calls npm with
// spawnSync, which blocks this process's event loop, so the server cannot live here). It answers
// only what `npm pack <name>@<version>` asks: the packument and the tarball. It stands in for the
// public registry, which tests cannot reach; npm itself, its cache and its offline mode are real.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { defined } from './defined.js';

const SERVER = `
const http = require('node:http');
const fs = require('node:fs');
const [name, version, tarball] = process.argv.slice(1);
const data = fs.readFileSync(tarball);
const integrity = 'sha512-' + require('node:crypto').createHash('sha512').update(data).digest('base64');
const server = http.createServer((req, res) => {
  const base = 'http://127.0.0.1:' + server.address().port;
  const file = '/' + name + '/-/' + name + '-' + version + '.tgz';
  if (req.url === '/' + name) {
    const dist = { tarball: base + file, integrity };
    const body = JSON.stringify({ name, 'dist-tags': { latest: version }, versions: { [version]: { name, version, dist } } });
    res.writeHead(200, { 'content-type': 'application/json' }).end(body);
  } else if (req.url === file) {
    res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(data);
  } else {
    res.writeHead(404).end('{}');
  }
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
`;

export interface TinyRegistry {
  url: string;
  stop(): Promise<void>;
}

/** Serves `tarball` as `name@version` on 127.0.0.1 until stop(). */
export async function startTinyRegistry(name: string, version: string, tarball: string): Promise<TinyRegistry> {
  const child: ChildProcess = spawn(process.execPath, ['-e', SERVER, name, version, path.resolve(tarball)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<string>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`registry exited with ${code}`)));
    defined(child.stdout, 'the registry stdout').once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
  });
  return {
    url: `http://127.0.0.1:${port}/`,
    stop: () =>
      new Promise((resolve) => {
        child.removeAllListeners('exit');
        child.once('exit', () => resolve());
        child.kill();
      }),
  };
}
