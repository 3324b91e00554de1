// A virtual file tree for one generator run (the idea of Nx's Tree): actions read through it and write
// into it, and only the final `commitTree` action touches the disk. A refusal anywhere in the run
// therefore leaves the target byte-identical, and `--dry-run` is simply "commit nothing".
import fs from 'node:fs';
import path from 'node:path';
import type { Formatter } from '../format.js';

export type ChangeKind = 'create' | 'modify' | 'delete';

/** What one run stages, shared by every view of its tree (Tree.at). */
interface Staged {
  pending: Map<string, string>;
  /** Files to delete at commit (only `update` removes files: those its template no longer has). */
  removals: Set<string>;
  committedEffects: Array<() => Promise<string>>;
  /** Bumped by every write or removal that changes what the run would commit. */
  revision: number;
}

export class Tree {
  private readonly pending: Map<string, string>;
  private readonly removals: Set<string>;
  private readonly committedEffects: Array<() => Promise<string>>;

  /** `format` is applied to every write before it is compared with the disk (see format.ts). */
  constructor(
    readonly root: string,
    private readonly format?: Formatter,
    private readonly staged: Staged = { pending: new Map(), removals: new Set(), committedEffects: [], revision: 0 },
  ) {
    ({ pending: this.pending, removals: this.removals, committedEffects: this.committedEffects } = staged);
  }

  /**
   * The same staged run seen from `dir` (relative to this root, or absolute): a composed generator's steps
   * write `.` for the repo they grow, which may be a folder below the destination (`server`'s new repo).
   */
  at(dir: string): Tree {
    return new Tree(this.abs(dir), this.format, this.staged);
  }

  /** Changes whenever what the run would commit changes: a composed run compares it before and after its steps. */
  get revision(): number {
    return this.staged.revision;
  }

  abs(relPath: string): string {
    return path.resolve(this.root, relPath);
  }

  /** How to show a path to the user: relative to the destination. */
  show(relPath: string): string {
    return path.relative(this.root, this.abs(relPath)) || '.';
  }

  read(relPath: string): string | undefined {
    const abs = this.abs(relPath);
    if (this.removals.has(abs)) return undefined;
    if (this.pending.has(abs)) return this.pending.get(abs);
    return fs.existsSync(abs) ? fs.readFileSync(abs, 'utf8') : undefined;
  }

  /**
   * Stages a write, formatted unless `format` is false (a file copied from a template that is kept
   * formatted already: formatting costs tens of ms per file). A write identical to what is on disk
   * is dropped, so re-runs are no-ops.
   */
  async write(relPath: string, raw: string, format = true): Promise<'staged' | 'unchanged'> {
    const abs = this.abs(relPath);
    const content = await this.formatted(relPath, raw, format);
    if (this.read(relPath) !== content) this.staged.revision += 1;
    this.removals.delete(abs);
    const onDisk = fs.existsSync(abs) ? fs.readFileSync(abs, 'utf8') : undefined;
    if (onDisk === content) {
      this.pending.delete(abs);
      return 'unchanged';
    }
    this.pending.set(abs, content);
    return 'staged';
  }

  /** The content as it would be staged: formatted unless `format` is false. */
  async formatted(relPath: string, raw: string, format = true): Promise<string> {
    return format && this.format ? this.format(this.abs(relPath), raw) : raw;
  }

  /** True when the repo formats with FACTORY_STYLE (or not at all): content rendered in that style is final. */
  get factoryStyle(): boolean {
    return this.format ? this.format.factoryStyle === true : true;
  }

  /**
   * Stages a new file like write(); refuses to replace one that exists with other content (a user's
   * edits), unless that content is exactly `replaces` (what a generator wrote there before, e.g. the
   * previous auth scheme's file: replaced only if nobody changed it since).
   */
  async create(
    relPath: string,
    raw: string,
    { format = true, replaces }: { format?: boolean; replaces?: string } = {},
  ): Promise<'staged' | 'unchanged'> {
    const content = await this.formatted(relPath, raw, format);
    const existing = this.read(relPath);
    if (existing !== undefined && existing !== content) {
      const before = replaces === undefined ? undefined : await this.formatted(relPath, replaces, format);
      if (existing !== before) {
        const why =
          before === undefined
            ? 'it exists and differs from the template'
            : 'it was changed since mcp-factory wrote it (move your changes aside or delete the file, then run again)';
        throw new Error(`refusing to overwrite ${this.show(relPath)}: ${why}`);
      }
    }
    return this.write(relPath, content, false);
  }

  /** Stages the deletion of a file (a staged write to it is dropped); a file that does not exist is a no-op. */
  remove(relPath: string): 'staged' | 'unchanged' {
    const abs = this.abs(relPath);
    if (this.read(relPath) !== undefined) this.staged.revision += 1;
    this.pending.delete(abs);
    if (!fs.existsSync(abs)) return 'unchanged';
    this.removals.add(abs);
    return 'staged';
  }

  /**
   * An effect outside the repo (e.g. registering the server in the catalog) that runs only after a
   * real commit: never on --dry-run or a refused run. It returns a one-line summary.
   */
  afterCommit(effect: () => Promise<string>): void {
    this.committedEffects.push(effect);
  }

  /** The effects registered with afterCommit(), in order (commitTree runs them). */
  effects(): ReadonlyArray<() => Promise<string>> {
    return this.committedEffects;
  }

  /** The staged writes, then the staged deletions (content ''). */
  changes(): Array<{ path: string; kind: ChangeKind; content: string }> {
    const writes = [...this.pending].map(([abs, content]) => ({
      path: path.relative(this.root, abs),
      kind: (fs.existsSync(abs) ? 'modify' : 'create') as ChangeKind,
      content,
    }));
    const deletions = [...this.removals].map((abs) => ({
      path: path.relative(this.root, abs),
      kind: 'delete' as ChangeKind,
      content: '',
    }));
    return [...writes, ...deletions];
  }
}
