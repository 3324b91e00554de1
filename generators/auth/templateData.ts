// What the auth templates and partials need, computed once from the scheme's plan.
import { q } from '../../engine/contract/literals.js';
import type { AuthPlan } from './schemes.js';

/** Test values per kind of variable, long enough to be redacted (secrets.ts ignores values under 4 characters). */
function testValue(plan: AuthPlan, name: string): string {
  if (name === plan.usernameVar) return 'test-user-1234';
  if (name === plan.passwordVar) return 'test-pass-123456';
  if (name === plan.clientIdVar) return 'test-client-1234';
  if (name === plan.clientSecretVar) return 'test-secret-123456';
  return 'test-key-123456';
}

export function authTemplateData(auth: AuthPlan) {
  const secretVars = auth.vars.filter((v) => v.secret);
  return {
    auth: { ...auth, partial: ['bearer', 'header', 'query'].includes(auth.scheme) ? 'key' : auth.scheme },
    secretVars,
    testValues: Object.fromEntries(secretVars.map((v) => [v.name, testValue(auth, v.name)])),
    q,
  };
}
