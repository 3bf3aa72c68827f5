import { QueryError } from './types.ts';

/**
 * Splits on any of `separators` outside `"..."` and `{...}`: both quote query characters
 * (ontap-rest.md · Collection GET). Unbalanced braces throw `code` with `target`.
 */
export function splitOutside(text: string, separators: string, code: string, target: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let current = '';
  for (const char of text) {
    if (char === '"' && depth === 0) quoted = !quoted;
    else if (!quoted && char === '{') depth++;
    else if (!quoted && char === '}') {
      depth--;
      if (depth < 0) throw new QueryError(code, `Mismatched braces in "${text}".`, target);
    } else if (!quoted && depth === 0 && separators.includes(char)) {
      parts.push(current);
      current = '';
      continue;
    }
    current += char;
  }
  if (depth !== 0) throw new QueryError(code, `Mismatched braces in "${text}".`, target);
  parts.push(current);
  return parts;
}

/** `"abc"` or `{abc}` → abc (a literal); anything else unchanged, with `literal: false`. */
export function unquote(text: string): { value: string; literal: boolean } {
  if (text.length >= 2 && ((text.startsWith('"') && text.endsWith('"')) || (text.startsWith('{') && text.endsWith('}')))) {
    return { value: text.slice(1, -1), literal: true };
  }
  return { value: text, literal: false };
}
