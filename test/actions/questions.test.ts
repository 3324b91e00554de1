// Every prompt is also a flag: parsing, defaults, checks in order, and --help text.
import { describe, expect, it, jest } from '@jest/globals';
import {
  collectAnswers,
  helpText,
  parseFlags,
  resolveAnswers,
  type Question,
} from '../../engine/contract/questions.js';

const questions: Question[] = [
  { name: 'name', message: 'Name', help: 'the name', check: (v) => (v ? undefined : 'missing --name') },
  { name: 'baseUrl', message: 'URL', help: 'the URL', default: (a) => `https://${String(a.name)}.test` },
  {
    name: 'kind',
    message: 'Kind',
    type: 'list',
    choices: ['a', 'b'],
    help: 'the kind',
    default: () => 'a',
    check: (v) => (v === 'a' || v === 'b' ? undefined : `--kind must be a or b, got "${String(v)}"`),
  },
  { name: 'dryRun', message: 'Dry run', type: 'confirm', flagOnly: true, help: 'write nothing', default: () => false },
];

describe('parseFlags', () => {
  it('takes answer names and their kebab-case spelling, booleans without a value', () => {
    expect(parseFlags(questions, ['--name', 'x', '--base-url', 'http://u', '--dry-run', '--yes'])).toEqual({
      name: 'x',
      baseUrl: 'http://u',
      dryRun: true,
      yes: true,
    });
    expect(parseFlags(questions, ['--baseUrl=http://v'])).toEqual({ baseUrl: 'http://v' });
  });

  it('takes an answer whose name is a Node option (title) under its own flag, never as --title', () => {
    const titled: Question[] = [{ name: 'title', flag: 'displayTitle', message: 'Title', help: 'the title' }];
    expect(parseFlags(titled, ['--displayTitle', 'Pets'])).toEqual({ title: 'Pets' });
    expect(parseFlags(titled, ['--display-title=Pets'])).toEqual({ title: 'Pets' });
    expect(() => parseFlags(titled, ['--title', 'Pets'])).toThrow(/^Unknown option '--title'$/);
    expect(helpText('g', titled)).toContain('--displayTitle <value>');
  });

  it('takes --no-<flag> as false for a yes/no answer (--no-git, --no-optional)', () => {
    const yesNo: Question[] = [
      { name: 'git', message: 'Git', type: 'confirm', flagOnly: true, help: 'git', default: () => true },
    ];
    expect(parseFlags(yesNo, ['--no-git'])).toEqual({ git: false });
    expect(parseFlags(yesNo, ['--git'])).toEqual({ git: true });
    expect(() => parseFlags(questions, ['--no-name'])).toThrow(/^Unknown option '--no-name'$/);
  });

  it('refuses an unknown flag or a stray value in one line', () => {
    expect(() => parseFlags(questions, ['--nmae', 'x'])).toThrow(/^Unknown option '--nmae'$/);
    expect(() => parseFlags(questions, ['stray'])).toThrow(/stray/);
  });
});

describe('one flag per answer: an older flag name still works, with one deprecation line', () => {
  // As `npx plop auth` declares its scheme: the answer keeps its recorded name, the flag is --auth.
  const renamed: Question[] = [
    { name: 'scheme', flag: 'auth', deprecatedFlags: ['scheme'], message: 'Scheme', help: 'how to authenticate' },
  ];

  it.each([
    [['--auth', 'bearer'], []],
    [['--scheme', 'bearer'], ['--scheme is deprecated: use --auth']],
    [['--auth', 'bearer', '--scheme', 'basic'], ['--scheme is deprecated: use --auth']],
  ])('%j answers scheme = bearer, warning %j', (args, warnings) => {
    const warned: string[] = [];
    expect(parseFlags(renamed, args, (line) => warned.push(line))).toEqual({ scheme: 'bearer' });
    expect(warned).toEqual(warnings);
  });

  it('--help names only the current flag', () => {
    const help = helpText('auth', renamed);
    expect(help).toContain('--auth <value>');
    expect(help).not.toContain('--scheme');
  });

  it('a programmatic run (a replay of a recorded run) may name the answer, its flag or an older flag', () => {
    for (const raw of [{ scheme: 'query' }, { auth: 'query' }, { scheme: '', auth: 'query' }]) {
      expect(resolveAnswers(renamed, raw)).toEqual({ scheme: 'query' });
    }
  });
});

describe('resolveAnswers', () => {
  it('fills defaults (which may read earlier answers) and checks each answer in order', () => {
    expect(resolveAnswers(questions, { name: 'acme', baseUrl: '' })).toEqual({
      name: 'acme',
      baseUrl: 'https://acme.test',
      kind: 'a',
      dryRun: false,
    });
    expect(() => resolveAnswers(questions, {})).toThrow('missing --name');
    expect(() => resolveAnswers(questions, { name: 'x', kind: 'c' })).toThrow('--kind must be a or b, got "c"');
  });
});

describe('collectAnswers', () => {
  it('asks nothing when not interactive: flags, then defaults', async () => {
    const never = {
      prompt: async () => {
        throw new Error('asked');
      },
    };
    await expect(collectAnswers('g', questions, never, ['--name', 'x'], false)).resolves.toEqual({
      name: 'x',
      baseUrl: 'https://x.test',
      kind: 'a',
      dryRun: false,
    });
    await expect(collectAnswers('g', questions, never, ['--kind', 'z', '--name', 'x'], false)).rejects.toThrow(
      '--kind must be a or b, got "z"',
    );
  });

  it('exits 130 when a prompt is closed with Ctrl-C (ExitPromptError)', async () => {
    const closed = {
      prompt: async () => {
        throw Object.assign(new Error('User force closed the prompt with SIGINT'), { name: 'ExitPromptError' });
      },
    };
    const exit = jest.spyOn(process, 'exit').mockImplementation((code) => {
      throw new Error(`exit ${String(code)}`);
    });
    try {
      await expect(collectAnswers('g', questions, closed, [], true)).rejects.toThrow('exit 130');
    } finally {
      exit.mockRestore();
    }
  });

  it('asks only what no flag answered, never a flag-only question', async () => {
    const asked: string[] = [];
    const inquirer = {
      prompt: async (qs: unknown[]) => {
        const q = qs[0] as { name: string; default: unknown };
        asked.push(q.name);
        return { [q.name]: q.default };
      },
    };
    await collectAnswers('g', questions, inquirer, ['--name', 'x'], true);
    expect(asked).toEqual(['baseUrl', 'kind']);
  });
});

describe('helpText', () => {
  it('lists every flag with its help and choices, plus --yes and --help', () => {
    const text = helpText('g', questions);
    expect(text.split('\n')[0]).toBe('Usage: npx plop g [--dest <dir>] -- [flags]');
    for (const line of [
      '--name <value>',
      '--baseUrl <value>',
      '--kind <value>',
      'the kind (a | b)',
      '--dry-run',
      '--yes',
      '--help',
    ]) {
      expect(text).toContain(line);
    }
  });
});
