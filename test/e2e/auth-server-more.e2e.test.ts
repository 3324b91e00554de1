// The second half of auth-server.e2e.test.ts: `npx plop server --auth <scheme>` for query, basic and oauth2; each
// new `rest` server builds, is format-checked and type-checked, and passes its own tests.
import { SERVER_AUTH_HALVES, describeServersWithAuth } from '../helpers/authServer.js';

describeServersWithAuth('with-install-more', SERVER_AUTH_HALVES[1]);
