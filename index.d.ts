// Types of the package entry (index.js): the TypeScript sources themselves.
export * from './engine/index.js';
export { default } from './engine/index.js';
