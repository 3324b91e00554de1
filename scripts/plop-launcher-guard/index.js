// A package (linked into node_modules by the factory's devDependencies) rather than a `#` import or a
// path: .npmrc's node-options reach every npm child process, install scripts of dependencies included,
// and only a bare name resolves from each of their folders (as `--import tsx` does).
import '../../engine/contract/launcherGuard.ts';
