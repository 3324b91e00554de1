// The default time limit of every test and hook (60 s on an idle machine), stretched by the machine's load
// (test/helpers/timeouts.ts). jest.config.ts cannot import the helper (its loader maps no `.js` to `.ts`).
import { jest } from '@jest/globals';
import { scaled } from './helpers/timeouts.js';

jest.setTimeout(scaled(60_000));
