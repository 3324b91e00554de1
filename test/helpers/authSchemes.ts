// Every upstream auth scheme with the flags the e2e suites give it.
export const schemes: Array<[string, string[]]> = [
  ['none', []],
  ['bearer', []],
  ['header', ['--headerName', 'X-Subscription-Token']],
  ['query', ['--queryParam', 'key']],
  ['basic', []],
  ['oauth2', ['--tokenUrl', 'https://auth.example.com/oauth/token', '--scopes', 'read write']],
];

/** The flags of `scheme` in `schemes`. */
export function flagsOf(scheme: string): string[] {
  const found = schemes.find(([name]) => name === scheme);
  if (!found) throw new Error(`no auth scheme ${scheme} in test/helpers/authSchemes.ts`);
  return found[1];
}

/** Flags as answers (`--headerName X` → `{ headerName: 'X' }`). */
export const answersOf = (flags: string[]): { [answer: string]: string } =>
  Object.fromEntries(flags.flatMap((f, i) => (i % 2 === 0 ? [[f.replace(/^--/, ''), flags[i + 1] ?? '']] : [])));
