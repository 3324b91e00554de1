// Secrets never reach logs, error messages or tool results: every outgoing text passes redact().
const secrets = new Set<string>();

export function addSecret(value: string | undefined): void {
  if (value && value.length >= 4) secrets.add(value);
}

export function redact(text: string): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join('[redacted]');
  return out;
}
