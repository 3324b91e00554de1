// Types of the package entry (index.js): the TypeScript sources themselves.
export * from './generators/index.js';
export { default } from './generators/index.js';
