// Stands in for the SDK's Node shim ('@modelcontextprotocol/server/_shims') inside dist/ only.
// The real shim imports AJV (about 150 KB, a third of the bundle) at startup, although a server
// uses it only to check an elicitation answer against a JSON Schema. Here the real shim (still
// bundled) is evaluated on the first getValidator() call instead. lazySdkShimsPlugin.mjs checks that
// this file exports what the real shim exports, and bundles the real one if that ever changes.
import process from 'node:process';

let sdkShims;
// esbuild turns this require() of a bundled ES module into a lazy, once-only initialiser.
const load = () => (sdkShims ??= require('@modelcontextprotocol/server/_shims'));

/** Same contract as the SDK's jsonSchemaValidator: getValidator(schema) → (value) → result. */
export class DefaultJsonSchemaValidator {
  #inner;

  getValidator(schema) {
    this.#inner ??= new (load().DefaultJsonSchemaValidator)();
    return this.#inner.getValidator(schema);
  }
}

export { process };
