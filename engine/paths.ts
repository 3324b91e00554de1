// The factory's own folder (a fork's, when run from a fork): the lowest layer of asset lookup, the
// default `file:` dependency of generated repos. Defined here only; everything else imports it.
import path from 'node:path';

export const FACTORY_ROOT = path.resolve(import.meta.dirname, '..');
