// esbuild plugin: inside the bundle, '@modelcontextprotocol/server/_shims' resolves to our lazy
// stand-in (lazySdkShims.mjs), which loads the real shim (and with it AJV) on first use.
import path from 'node:path';

const shimsSpecifier = '@modelcontextprotocol/server/_shims';
const lazyShimsFile = path.join(import.meta.dirname, 'lazySdkShims.mjs');

/** The stand-in is only safe while it exports the same names as the SDK's real shim. */
export async function lazyShimsMatchSdk() {
  const names = (m) => Object.keys(m).sort().join(',');
  const [real, ours] = await Promise.all([import(shimsSpecifier), import(lazyShimsFile)]);
  if (names(real) === names(ours)) return true;
  process.stderr.write(
    `build: the SDK's ${shimsSpecifier} now exports ${names(real)}; bundling it as is (slower start)\n`,
  );
  return false;
}

export const lazySdkShims = {
  name: 'lazy-sdk-shims',
  setup(build) {
    build.onResolve({ filter: /^@modelcontextprotocol\/server\/_shims$/ }, (args) =>
      args.importer === lazyShimsFile ? undefined : { path: lazyShimsFile },
    );
  },
};
