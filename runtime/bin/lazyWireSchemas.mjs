// Used by sdkSchemaShakingPlugin.mjs: the SDK builds the wire schemas of the 2025 protocol revision on the first
// message, all ~140 of them in one function (`build$1`), and its request/result tables read every one. A start
// answers initialize and then a handful of methods, so here each schema is built when first read instead: every
// `const X = <schema>` in that function becomes a once-only thunk, the object it returns reads through memoised
// getters, and so do the tables. The same schemas, each built once (so the same object every time it is read),
// only fewer of them before the first answer. Applies only to code of exactly the expected shape; anything else
// returns undefined and is bundled as is.

const BUILD_START = 'function build$1() {\n';
const TABLES_START = 'function registryMaps() {\n';
const HELPERS = `
function __mcpFactoryOnce(build) {
	let built = false;
	let value;
	return () => {
		if (!built) {
			value = build();
			built = true;
		}
		return value;
	};
}
function __mcpFactoryLazyObject(thunks) {
	const object = {};
	for (const [key, thunk] of Object.entries(thunks)) Object.defineProperty(object, key, { get: __mcpFactoryOnce(thunk), enumerable: true });
	return object;
}
`;

/** The text of the top-level function starting at `start`, up to its closing `}` at column 0. */
function functionAt(source, start) {
  const from = source.indexOf(start);
  if (from < 0 || source.indexOf(start, from + 1) >= 0) return undefined;
  const to = source.indexOf('\n}\n', from);
  return to < 0 ? undefined : { from, to: to + 2, text: source.slice(from, to + 2) };
}

/** `build$1`'s body as declarations and the returned object's entries, or undefined for any other shape. */
function parseBuild(text) {
  const lines = text.slice(BUILD_START.length, -2).split('\n');
  const declarations = [];
  const entries = [];
  let inReturn = false;
  for (const line of lines) {
    if (inReturn) {
      if (line === '\t};') inReturn = false;
      else if (/^\t\t\w+: /.test(line)) entries.push([line]);
      else if (/^\t\t[\t\]})]/.test(line) && entries.length > 0) entries.at(-1).push(line);
      else return undefined;
    } else if (line === '\treturn {') {
      if (entries.length > 0) return undefined;
      inReturn = true;
    } else if (/^\tconst [\w$]+ = /.test(line)) declarations.push([line]);
    else if (/^\t(?:\/\*\*|\* |\*\/|\*$|\/\/)/.test(line))
      continue; // a comment
    else if (/^\t[\t\]})]/.test(line) && declarations.length > 0) declarations.at(-1).push(line);
    else return undefined;
  }
  if (inReturn || entries.length === 0) return undefined;
  return { declarations: declarations.map((d) => d.join('\n')), entries: entries.map((e) => e.join('\n')) };
}

/** `build$1` with each declaration a thunk and the result an object of memoised getters; undefined otherwise. */
function lazyBuild(text) {
  const parsed = parseBuild(text);
  if (!parsed) return undefined;
  const names = [];
  const thunks = [];
  for (const declaration of parsed.declarations) {
    const match = /^\tconst ([\w$]+) = ([^]*);$/.exec(declaration);
    if (!match) return undefined;
    names.push(match[1]);
    thunks.push([match[1], match[2]]);
  }
  const escaped = names.map((n) => n.replace(/\$/g, '\\$'));
  // A name not read as a property (`x.Name`), but spread (`...Name.shape`) or used as a value.
  const notProperty = '(?<![\\w$])(?<!(?<!\\.\\.)\\.)';
  const reference = new RegExp(`${notProperty}(${escaped.join('|')})(?![\\w$])`, 'g');
  const call = (code) => code.replace(reference, '$1()');
  const body = thunks.map(([name, init]) => `\tconst ${name} = __mcpFactoryOnce(() => ${call(init)});`);
  const entries = parsed.entries.map((entry) => call(entry).replace(/^\t\t(\w+): /, '\t\t$1: () => '));
  const out = `${BUILD_START}${body.join('\n')}\n\treturn __mcpFactoryLazyObject({\n${entries.join('\n')}\n\t});\n}`;
  // Every use of a name must now be a call (or its declaration): one missed would read the thunk, not the schema.
  const uses = out.match(new RegExp(`(?<![\\w$])(?:${escaped.join('|')})(?![\\w$]) ?.`, 'g')) ?? [];
  return uses.every((use) => use.endsWith('(') || use.endsWith('=')) ? out : undefined;
}

/** `registryMaps` with each table entry `key: s.X` a getter, so a table lookup builds only the schema it reads. */
function lazyTables(text) {
  const entry = /^(\t\t\t)("[^"]+"|\w+): (s\.\w+)(,?)$/gm;
  if (!entry.test(text)) return undefined;
  const out = text.replace(entry, '$1get $2() {\n$1\treturn $3;\n$1}$4');
  // Every other line of the tables must be their structure: nothing else may read the schemas eagerly.
  const rest = out.split('\n').filter((line) => /^\t\t\t[^\t}]/.test(line) && !/^\t\t\tget /.test(line));
  return rest.length === 0 ? out : undefined;
}

/** The SDK's server module with the 2025 wire schemas built on first read, or undefined for any other shape. */
export function buildWireSchemasLazily(source) {
  const build = functionAt(source, BUILD_START);
  const tables = functionAt(source, TABLES_START);
  if (!build || !tables || tables.from < build.to) return undefined;
  const newBuild = lazyBuild(build.text);
  const newTables = lazyTables(tables.text);
  if (newBuild === undefined || newTables === undefined) return undefined;
  return (
    source.slice(0, build.from) +
    newBuild +
    source.slice(build.to, tables.from) +
    newTables +
    source.slice(tables.to) +
    HELPERS
  );
}
