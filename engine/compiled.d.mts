// Types of engine/compiled.mjs (plain JavaScript: index.js and the bin load it without a TypeScript loader).
/** A compiled entry: the factory (engine/index.ts → dist/factory.js) or the CLI (cli/main.ts → dist/cli.js). */
export type CompiledName = 'factory' | 'cli';
/** dist/factory.js, relative to the factory's folder. */
export const COMPILED: string;
/** Whether `root`'s dist/<name>.js (factory by default) and its chunks were built from the sources as they are now. */
export function isFresh(root: string, name?: CompiledName): boolean;
/** Builds `root`'s dist/<name>.js (factory by default), its chunks and its stamp; returns the module's path. */
export function buildCompiled(root: string, name?: CompiledName): Promise<string>;
/** The path of `root`'s compiled entry, built first when missing or stale; undefined when it cannot be built. */
export function compiled(root: string, name: CompiledName): Promise<string | undefined>;
/** The path of `root`'s compiled factory, built first when missing or stale; undefined when it cannot be built. */
export function compiledFactory(root: string): Promise<string | undefined>;
/** Whether the factory at `root` compiles itself (has engine/compiled.mjs): its index.js then loads it compiled. */
export function compilesItself(root: string): boolean;
/** The module of `root`'s entry: compiled when it can be, else its TypeScript source through tsx. */
export function loadEntry(root: string, name: 'factory' | 'cli'): Promise<{ [name: string]: unknown }>;
