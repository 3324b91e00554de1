// The proof that every auth scheme can be switched to in a generated server, as a user does it: a `rest`
// server is installed and switched to the first half of the schemes (none → bearer → header) with `npx plop auth`;
// after each switch it is format-checked, type-checked and passes its own tests. auth-more.e2e.test.ts switches
// another one to the second half (query → basic → oauth2 → none, back from the last scheme): two files, so that
// jest runs the halves side by side. auth-server.e2e.test.ts does the same for `npx plop server --auth <scheme>`.
import { AUTH_SWITCHES, describeAuthSwitches } from '../helpers/authSwitch.js';

describeAuthSwitches('switched', AUTH_SWITCHES[0]);
