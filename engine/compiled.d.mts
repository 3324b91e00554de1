// Types of engine/compiled.mjs (plain JavaScript: index.js loads it without a TypeScript loader).
/** dist/factory.js, relative to the factory's folder. */
export const COMPILED: string;
/** Whether `root`'s dist/factory.js was built from the sources as they are now. */
export function isFresh(root: string): boolean;
/** Builds `root`'s dist/factory.js and its stamp; returns the module's path. */
export function buildCompiled(root: string): Promise<string>;
/** The path of `root`'s compiled factory, built first when missing or stale; undefined when it cannot be built. */
export function compiledFactory(root: string): Promise<string | undefined>;
