// Every upstream auth scheme with the flags the e2e suites give it.
export const schemes: Array<[string, string[]]> = [
  ['none', []],
  ['bearer', []],
  ['header', ['--headerName', 'X-Subscription-Token']],
  ['query', ['--queryParam', 'key']],
  ['basic', []],
  ['oauth2', ['--tokenUrl', 'https://auth.example.com/oauth/token', '--scopes', 'read write']],
];

/**
 * Generated-repo suites that no auth scheme changes (`npm run dev` reloads; the transport is the runtime's, tested once):
 * the auth suites leave them out for CI time; the presets and method e2e files run them on every preset.
 */
export const SCHEME_INDEPENDENT = ['test/e2e/dev.e2e.test.ts'];
