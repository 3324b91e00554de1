// `npx plop update` from the layout with .env.example and .prettierrc.json (the factory as of
// LAST_ENV_EXAMPLE_FACTORY, archived from this checkout's history) to the current one: the untouched
// .prettierrc.json is removed and its style arrives as package.json's "prettier" key, the hand-edited
// .env.example is kept and named, and the generators that wrote .env.example regions still work after.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect } from '@jest/globals';
import { FACTORY_STYLE } from '../../engine/format.js';
import { FACTORY_ROOT, tempDir } from '../helpers/fsSnapshot.js';
import { archivedFactory, commitAll, git, plopOk } from '../helpers/fixtureFactory.js';
import { beforeAll, it } from '../helpers/timeouts.js';

/** The factory's last commit whose servers had a .env.example and a .prettierrc.json. */
const LAST_ENV_EXAMPLE_FACTORY = 'b34f015';

let oldFactory: string;
let repo: string;
const read = (file: string) => fs.readFileSync(path.join(repo, file), 'utf8');
const exists = (file: string) => fs.existsSync(path.join(repo, file));

beforeAll(() => {
  oldFactory = archivedFactory(LAST_ENV_EXAMPLE_FACTORY, 'mcp-factory-env-example-factory-');
  const parent = tempDir('mcp-factory-env-example-');
  repo = path.join(parent, 'older');
  const server = ['--name', 'older', '--preset', 'rest', '--baseUrl', 'https://api.example.com'];
  plopOk(oldFactory, ['server', '--dest', parent, '--', ...server, '--persistence', 'jsonl']);
  plopOk(oldFactory, ['auth', '--dest', repo, '--', '--auth', 'header']);
  expect(read('.env.example')).toContain('OLDER_API_KEY=');
  expect(exists('.prettierrc.json')).toBe(true);
  fs.appendFileSync(path.join(repo, '.env.example'), '# OUR_OWN_VAR=1\n');
  commitAll(repo, 'generated with a .env.example; edited');
}, 180_000);

describe('a server generated with a .env.example and a .prettierrc.json', () => {
  it('is updated: .prettierrc.json removed (package.json carries the style), the edited .env.example kept and named', () => {
    const output = plopOk(FACTORY_ROOT, ['update', '--dest', repo, '--', '--baseline', oldFactory]);
    expect(output).toMatch(/removed +\.prettierrc\.json/);
    expect(output).toMatch(/unchanged +\.env\.example \(removed from the template; kept because you changed it\)/);
    expect(output).not.toContain('conflict');
    expect(exists('.prettierrc.json')).toBe(false);
    expect(read('.env.example')).toContain('# OUR_OWN_VAR=1');
    expect(JSON.parse(read('package.json')).prettier).toEqual(FACTORY_STYLE);
    expect(read('.gitignore')).not.toContain('.env.example');
  });

  it('then switches auth and changes persistence without touching .env.example', () => {
    commitAll(repo, 'updated');
    const before = read('.env.example');
    plopOk(FACTORY_ROOT, ['auth', '--dest', repo, '--', '--auth', 'bearer']);
    plopOk(FACTORY_ROOT, ['persistence', '--dest', repo, '--', '--persistence', 'jsonl', '--durability', 'batch']);
    expect(read('.env.example')).toBe(before);
    expect(read('README.md')).toContain('| `OLDER_API_KEY` |');
    expect(read('README.md')).toContain('| `OLDER_DURABILITY` | `batch` |');
    expect(git(repo, 'status', '--porcelain')).not.toContain('.env.example');
  });
});
