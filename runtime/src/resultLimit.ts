// A model cannot use a tool result of megabytes (clients cut or refuse far less: Claude Code warns
// above 25,000 tokens), and every token costs. defineTool passes every result through limitResult:
// text over the limit is cut at a clean boundary (whole elements of a JSON array, else whole lines)
// and a note says how much was left out and how to ask for less; structured data over the limit
// becomes an error that says the same, since cutting it would break its schema.
import type { CallToolResult } from '@modelcontextprotocol/server';

/** Input parameters that narrow or page a result, named in the note when the tool has them. */
const NARROWING =
  /^(limit|max_?results|page|page_?size|per_?page|offset|cursor|count|top|filter|q|query|fields|since|until)$/i;

/** How to get less from this tool: its paging or filter parameters, else the upstream or the limit. */
export function narrowingHint(parameters: string[]): string {
  const found = parameters.filter((name) => NARROWING.test(name));
  return found.length > 0
    ? `ask for less with ${found.map((name) => `\`${name}\``).join(' or ')}`
    : 'ask for a smaller result, or raise the limit';
}

/** Text cut to at most `budget` characters at a clean boundary, and what was left out; undefined if it fits. */
export function cutText(text: string, budget: number): { text: string; note: string } | undefined {
  if (text.length <= budget) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* not JSON: cut at whole lines */
  }
  if (Array.isArray(parsed)) {
    const kept: string[] = [];
    let size = 2; // the brackets
    for (const item of parsed) {
      const json = JSON.stringify(item);
      if (size + json.length + (kept.length > 0 ? 1 : 0) > budget) break;
      size += json.length + (kept.length > 0 ? 1 : 0);
      kept.push(json);
    }
    return {
      text: `[${kept.join(',')}]`,
      note: `showing ${kept.length} of ${parsed.length} items (${text.length - size} more characters left out)`,
    };
  }
  const end = text.lastIndexOf('\n', budget);
  const cut = end > 0 ? text.slice(0, end) : text.slice(0, budget);
  const lines = cut.split('\n').length;
  return {
    text: cut,
    note: `showing the first ${cut.length} of ${text.length} characters (${end > 0 ? `${lines} whole lines` : 'no line break to cut at'})`,
  };
}

/** The result as a model should get it: within `maxChars`, every cut said. */
/** `envPrefix` names the variable that raises the limit (`<PREFIX>_MAX_RESULT_CHARS`). */
export function limitResult(result: CallToolResult, maxChars: number, hint: string, envPrefix: string): CallToolResult {
  if (result.structuredContent !== undefined && !result.isError) {
    const size = JSON.stringify(result.structuredContent).length;
    if (size > maxChars) {
      return {
        isError: true,
        content: [
          {
            type: 'text',
            text: `the result is ${size} characters of structured data, over this server's limit of ${maxChars} (${envPrefix}_MAX_RESULT_CHARS): ${hint}`,
          },
        ],
      };
    }
  }
  let budget = maxChars;
  const notes: string[] = [];
  const content = result.content.map((item) => {
    if (item.type !== 'text') return item;
    const cut = cutText(item.text, Math.max(0, budget));
    budget -= cut ? cut.text.length : item.text.length;
    if (!cut) return item;
    notes.push(cut.note);
    return { ...item, text: cut.text };
  });
  if (notes.length === 0) return result;
  const note = `[truncated to ${maxChars} characters (${envPrefix}_MAX_RESULT_CHARS): ${notes.join('; ')}; ${hint}]`;
  return { ...result, content: [...content, { type: 'text', text: note }] };
}
