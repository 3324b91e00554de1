// How long a server gets to start and answer each request, unless --timeout says otherwise.
export const DEFAULT_TIMEOUT_MS = 15_000;
