import { QueryError } from './types.ts';

/** Where a malformed value is reported: the ONTAP error code and the offending parameter. */
export interface SplitError {
  code: string;
  target: string;
  /** Builds the message; defaults to a "mismatched braces" text. */
  message?: (text: string) => string;
}

/** A piece of a value: `literal` when it was written inside `"..."` or `{...}` (wrappers removed). */
export interface Segment {
  text: string;
  literal: boolean;
}

/**
 * Splits on any of `separators` outside `"..."` and `{...}` (both quote query characters,
 * ontap-rest.md · Collection GET). Braces nest; inside braces a `"` is an ordinary character and
 * inside quotes braces are. Unbalanced braces, or an unterminated quote when `quotes` is on, throw
 * `error.code` with `error.target`. With `quotes` off (`fields=`), `"` is an ordinary character.
 */
export function splitOutside(text: string, separators: string, error: SplitError, quotes = true): string[] {
  const fail = () => new QueryError(error.code, error.message?.(text) ?? `Mismatched braces in "${text}".`, error.target);
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let current = '';
  for (const char of text) {
    if (quotes && char === '"' && depth === 0) quoted = !quoted;
    else if (!quoted && char === '{') depth++;
    else if (!quoted && char === '}') {
      if (--depth < 0) throw fail();
    } else if (!quoted && depth === 0 && separators.includes(char)) {
      parts.push(current);
      current = '';
      continue;
    }
    current += char;
  }
  if (depth !== 0 || quoted) throw fail();
  parts.push(current);
  return parts;
}

/**
 * Cuts one (already balanced) alternative into bare and literal segments: `ab"c|d"{e*}f` →
 * bare `ab`, literal `c|d`, literal `e*`, bare `f`. Empty bare segments are dropped.
 */
export function segments(text: string): Segment[] {
  const out: Segment[] = [];
  let bare = '';
  const flush = () => {
    if (bare !== '') out.push({ text: bare, literal: false });
    bare = '';
  };
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (char === '"') {
      const close = text.indexOf('"', i + 1);
      if (close < 0) return [...out, { text: bare + text.slice(i), literal: false }];
      flush();
      out.push({ text: text.slice(i + 1, close), literal: true });
      i = close;
    } else if (char === '{') {
      let depth = 1;
      let j = i + 1;
      for (; j < text.length && depth > 0; j++) depth += text[j] === '{' ? 1 : text[j] === '}' ? -1 : 0;
      if (depth > 0) return [...out, { text: bare + text.slice(i), literal: false }];
      flush();
      out.push({ text: text.slice(i + 1, j - 1), literal: true });
      i = j - 1;
    } else {
      bare += char;
    }
  }
  flush();
  return out;
}

/** The text the segments stand for, with quoting removed. */
export const joinSegments = (segs: readonly Segment[]): string => segs.map((seg) => seg.text).join('');
