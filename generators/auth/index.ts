// `npx plop auth`: adds or switches how a server authenticates to its upstream. The scheme's code is
// src/auth.ts (with its test and the test credentials), which the one upstream client applies to
// every request, so every present and future tool inherits it; the credentials section of
// README.md and server.json follow the scheme. Switching replaces the previous
// scheme's files and sections, refusing any that were edited by hand.
import { serverJsonSchema } from '../../engine/actions/editJson.js';
import { steps, type Step } from '../../engine/actions/index.js';
import { defineGenerator } from '../../engine/contract/defineGenerator.js';
import { questions, type GivenAnswers } from '../../engine/contract/questions.js';
import { authTemplateData } from './templateData.js';
import { checkAuthTargets, currentAuth, repoFacts, type RepoFacts } from './answers.js';
import { SCHEMES } from '../../engine/contract/presets.js';
import { authQuestions, planAuth, recordAuth, serverJsonVars, type AuthPlan } from './schemes.js';

export interface AuthGeneratorPlan {
  auth: AuthPlan;
  previous?: AuthPlan;
  repo: RepoFacts;
}

const dataFor = (auth: AuthPlan, repo: RepoFacts) => ({
  ...authTemplateData(auth),
  name: repo.name,
  prefix: repo.prefix,
  preset: repo.preset,
});
const sameScheme = (a: AuthPlan, b: AuthPlan) =>
  JSON.stringify(recordAuth(a, 'scheme')) === JSON.stringify(recordAuth(b, 'scheme'));

/** server.json: the previous scheme's variables out, the new scheme's in (first), the others kept. */
function serverJsonStep(auth: AuthPlan, previous: AuthPlan | undefined): Step {
  const replaced = new Set([...(previous?.vars ?? []), ...auth.vars].map((v) => v.name));
  return steps.editJson({
    file: 'server.json',
    schema: serverJsonSchema,
    ifMissing: { summary: 'server.json: none in this repo, nothing to update' },
    edit(json) {
      for (const pkg of json.packages ?? []) {
        pkg.environmentVariables = [
          ...serverJsonVars(auth),
          ...(pkg.environmentVariables ?? []).filter((v) => !replaced.has(v.name)),
        ];
      }
    },
    summary: (changed) => `server.json: credentials ${changed ? 'updated' : 'already up to date'}`,
  });
}

/** The steps that put a scheme in place in an existing repo (the server generator renders the same templates). */
export function authSteps(auth: AuthPlan, previous: AuthPlan | undefined, repo: RepoFacts): Step[] {
  const data = dataFor(auth, repo);
  const replaces = previous && dataFor(previous, repo);
  return [
    steps.renderTree({ from: 'auth/files', to: '.', data, replaces }),
    steps.replaceRegion({ repo: '.', marker: 'auth-docs', partial: 'auth/readme.md.ejs', data, replaces }),
    serverJsonStep(auth, previous),
  ];
}

export const authGenerator = defineGenerator({
  name: 'auth',
  description: 'add or switch how the server authenticates to its upstream (inside a server repo)',
  target: 'repo',
  questions: ({ dest, manifest }) => {
    const { prefix } = repoFacts(dest, manifest);
    // A switch keeps whether the key is optional unless told (--optional / --no-optional).
    const optional = currentAuth(manifest, prefix)?.optional;
    const [scheme, ...rest] = authQuestions(
      'scheme',
      () => prefix,
      () => ({ optional }),
    );
    // Switching scheme is a choice to make, not a default to fall into: --auth is required without a terminal.
    return questions(
      {
        ...scheme,
        default: undefined,
        check: (v: unknown, a: GivenAnswers) =>
          v === undefined || v === '' ? `missing --auth: choose one of ${SCHEMES.join(', ')}` : scheme.check?.(v, a),
      },
      ...rest,
    );
  },
  plan(answers, { dest, manifest }) {
    checkAuthTargets(dest);
    const repo = repoFacts(dest, manifest);
    return { auth: planAuth(answers, repo.prefix), previous: currentAuth(manifest, repo.prefix), repo };
  },
  summary: ({ auth, previous }) =>
    previous && sameScheme(auth, previous)
      ? `auth: already ${auth.scheme} (${auth.summary}); restoring only what is missing`
      : `auth: ${previous ? `${previous.scheme} → ` : ''}${auth.scheme} (${auth.summary})`,
  steps: ({ auth, previous, repo }) => authSteps(auth, previous, repo),
  record: ({ auth }) => recordAuth(auth, 'scheme'),
  facts: ({ auth }) => ({ auth: auth.scheme }),
  nextSteps: ({ auth }) =>
    [
      `auth is now ${auth.scheme}: ${auth.summary}. Next:`,
      ...auth.vars
        .filter((v) => v.secret)
        .map((v) => `  export ${v.name}=...    # in your shell, .env or the client's config`),
      '  npm test                 # test/unit/auth.test.ts checks exactly what the upstream receives',
    ].join('\n'),
});

// What other generators use of this one (server composes it): its questions, plan, record and template data.
export { authQuestions, planAuth, recordAuth, serverJsonVars, type AuthPlan } from './schemes.js';
export { authTemplateData };
