// Environment → config: a variable that a client's config left as a placeholder (Claude Code passes an unset
// `${VAR}` as it is; config templates write `<set VAR>`) counts as unset, with one warning naming it, whatever
// the auth scheme (the credentials come from test/fixtures/credentials.ts, rewritten by `npx plop auth`).
import { describe, expect, it } from '@jest/globals';
import { missingCredentials } from '../../src/auth.js';
import { createUpstream } from '../../src/client.js';
import { ENV_PREFIX, isPlaceholder, loadConfig } from '../../src/config.js';
import { credentials } from '../fixtures/credentials.js';

const names = Object.keys(credentials);
const forms: Array<[string, (name: string) => string]> = [
  ['${VAR}', (name) => `\${${name}}`],
  ['$VAR', (name) => `$${name}`],
  ['<set VAR>', (name) => `<set ${name}>`],
  ['<your API key>', () => '<your API key>'],
];
const quiet = () => undefined;
const unset = loadConfig(Object.fromEntries(names.map((name) => [name, ''])), quiet);

describe.each(forms)('a credential left as %s', (_form, placeholder) => {
  const env = Object.fromEntries(names.map((name) => [name, placeholder(name)]));

  it('reads as unset: the same auth and the same missing variables as when not set, one warning each', () => {
    const warnings: string[] = [];
    const config = loadConfig(env, (message) => warnings.push(message));
    expect(config.auth).toEqual(unset.auth);
    expect(missingCredentials(config.auth)).toEqual(missingCredentials(unset.auth));
    expect(warnings.map((w) => w.split(' ')[0]).sort()).toEqual([...names].sort());
    for (const w of warnings) expect(w).toMatch(/ holds a placeholder, not a value: treated as unset/);
  });

  it('never reaches the upstream', async () => {
    const sent: string[] = [];
    const recording: typeof fetch = async (input, init) => {
      const request = new Request(input, init);
      sent.push(`${request.url} ${JSON.stringify([...request.headers])} ${init?.body ?? ''}`);
      return Response.json({ ok: true });
    };
    const config = loadConfig({ ...env, [`${ENV_PREFIX}_BASE_URL`]: 'https://upstream.test' }, quiet);
    await createUpstream(config, recording)
      .request({ path: '/resource' })
      .catch(() => undefined); // a required credential that is missing fails the call before anything is sent
    if (missingCredentials(config.auth).length === 0) expect(sent.length).toBeGreaterThan(0);
    for (const request of sent) {
      for (const name of names) expect(request).not.toContain(name);
      expect(request).not.toMatch(/\$\{|%24%7B|<set|%3Cset|API key|API%20key/i);
    }
  });
});

describe('placeholders in the other variables', () => {
  it('a setting left as a placeholder takes its default (instead of failing validation)', () => {
    const warnings: string[] = [];
    const config = loadConfig(
      { [`${ENV_PREFIX}_BASE_URL`]: `\${${ENV_PREFIX}_BASE_URL}`, [`${ENV_PREFIX}_TIMEOUT_MS`]: '<set timeout>' },
      (message) => warnings.push(message),
    );
    const defaults = loadConfig({}, quiet);
    expect(config.baseUrl).toBe(defaults.baseUrl);
    expect(config.timeouts).toEqual(defaults.timeouts);
    expect(warnings.map((w) => w.split(' ')[0]).sort()).toEqual([`${ENV_PREFIX}_BASE_URL`, `${ENV_PREFIX}_TIMEOUT_MS`]);
  });

  it('real values, even with $ or <> inside, are read as they are and never warned about', () => {
    const warnings: string[] = [];
    const real = Object.fromEntries(names.map((name, i) => [name, `${credentials[name]}${i % 2 ? '$X' : '<b>'}`]));
    const config = loadConfig(real, (message) => warnings.push(message));
    expect(warnings).toEqual([]);
    for (const value of Object.values(real)) expect(JSON.stringify(config.auth)).toContain(value);
    for (const value of ['$ecret-Key', 'pa$$word', 'sk-${half', 'a<b>c', 'id-${X}-suffix', '<<x>>', 'x'])
      expect(isPlaceholder(value)).toBe(false);
    for (const value of ['${X}', '${X:-default}', '$API_KEY', '<set X>', ' <your key> '])
      expect(isPlaceholder(value)).toBe(true);
  });
});
