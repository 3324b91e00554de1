// The proof that `npx plop server --auth <scheme>` works for every scheme: each new `rest` server builds, is
// format-checked and type-checked, and passes its own tests. This file: the first half of the schemes (none,
// bearer, header); auth-server-more.e2e.test.ts: the rest, so that jest runs the halves side by side.
import { SERVER_AUTH_HALVES, describeServersWithAuth } from '../helpers/authServer.js';

describeServersWithAuth('with-install', SERVER_AUTH_HALVES[0]);
