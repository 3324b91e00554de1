// Every spec version a repo was grown from stays inside the repo: `.mcp-factory/specs/<hash><ext>`,
// the hash recorded with the run. `update` replays each openapi run from its own copy, so it reads
// the spec as that run read it, even after the file changed, moved or was deleted.
import path from 'node:path';
import type { Step } from '../../engine/actions/index.js';
import { contentHash } from '../../engine/actions/renderTree.js';
import { REPO_OVERRIDES } from '../../engine/contract/assets.js';

/** The folder of the copies, relative to the repo (next to the repo's partial and template overrides). */
export const SPEC_COPIES = `${REPO_OVERRIDES}/specs`;

/** The recorded answers that name a run's spec and its copy, by generator. */
export const SPEC_ANSWERS: Readonly<Record<string, { path: string; hash: string }>> = {
  server: { path: 'openapi', hash: 'openapiSpecHash' },
  openapi: { path: 'spec', hash: 'specHash' },
};

/** The copy of a spec with this hash, relative to the repo; `spec` (its recorded path) gives the extension. */
export const specCopyPath = (hash: string, spec: string): string =>
  `${SPEC_COPIES}/${hash}${path.extname(spec).toLowerCase()}`;

export interface KeptSpec {
  /** contentHash of `text`. */
  hash: string;
  /** The spec as one self-contained text (spec.ts specSnapshot). */
  text: string;
}

export const keptSpec = (text: string): KeptSpec => ({ hash: contentHash(text), text });

/** The step that writes the copy into `repo`, as is (byte for byte: its name is its hash). */
export const keepSpec = (kept: KeptSpec, spec: string, repo: string): Step => ({
  name: 'keepSpec',
  async run({ tree }) {
    const file = path.join(repo, specCopyPath(kept.hash, spec));
    await tree.write(file, kept.text, false);
    // Kept byte for byte (its name is its hash): the repo's `npm run format` must leave it alone.
    const ignore = path.join(repo, '.prettierignore');
    const ignored = tree.read(ignore) ?? '';
    if (!ignored.split('\n').includes(SPEC_COPIES))
      await tree.write(
        ignore,
        `${ignored}${ignored && !ignored.endsWith('\n') ? '\n' : ''}# the specs update replays, kept as they were read\n${SPEC_COPIES}\n`,
        false,
      );
    return `${tree.show(file)}: the spec as this run read it (npx plop update replays the run from this copy: commit it)`;
  },
});
