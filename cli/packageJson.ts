// A server's package.json as `mcp-factory bundle` reads it: parsed with zod where it comes off the disk.
// Every field is optional, and a field of an unexpected type reads as absent rather than being trusted.
// (Discovery, which every command runs at start, checks its few fields by hand: see discover.ts.)
import fs from 'node:fs';
import * as z from 'zod';

const lenient = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);

const PackageJsonSchema = z.looseObject({
  name: lenient(z.string()),
  version: lenient(z.string()),
  mcpName: lenient(z.string()),
  description: lenient(z.string()),
  /** One entry file, or command name → file. */
  bin: lenient(z.union([z.string(), z.record(z.string(), z.unknown())])),
  main: lenient(z.string()),
  author: lenient(
    z.union([
      z.string(),
      z.object({ name: z.string().optional(), email: z.string().optional(), url: z.string().optional() }),
    ]),
  ),
  license: lenient(z.string()),
  keywords: lenient(z.array(z.string())),
  dependencies: lenient(z.record(z.string(), z.string())),
});

export type PackageJson = z.infer<typeof PackageJsonSchema>;

/** The package.json at `file`; throws when it cannot be read, is not JSON or is not an object. */
export function readPackageJson(file: string): PackageJson {
  return PackageJsonSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
}
