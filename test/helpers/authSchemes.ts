// Every upstream auth scheme with the flags the e2e suites give it.
export const schemes: Array<[string, string[]]> = [
  ['none', []],
  ['bearer', []],
  ['header', ['--headerName', 'X-Subscription-Token']],
  ['query', ['--queryParam', 'key']],
  ['basic', []],
  ['oauth2', ['--tokenUrl', 'https://auth.example.com/oauth/token', '--scopes', 'read write']],
];
