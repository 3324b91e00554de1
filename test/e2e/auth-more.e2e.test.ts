// The second half of auth.e2e.test.ts: a `rest` server installed on its own and switched query → basic →
// oauth2 → none with `npx plop auth` (none last: a switch back from the last scheme); after each switch it is
// format-checked, type-checked and passes its own tests.
import { AUTH_SWITCHES, describeAuthSwitches } from '../helpers/authSwitch.js';

describeAuthSwitches('switched-more', AUTH_SWITCHES[1]);
