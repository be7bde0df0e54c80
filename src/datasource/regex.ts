/**
 * Checks regular expressions the way the back end reads them, so an editor can say
 * what is wrong before the query runs. The back end uses Go's RE2 syntax: a leading
 * flag group such as (?i) is valid there and is read here as JavaScript flags;
 * a selector is a comma list of expressions, each optionally written /.../.
 * Returns the problem, or undefined when the expression is fine. RE2 rejects a few
 * constructs JavaScript accepts (look-arounds, back-references); the back end's own
 * message names those when the query runs.
 */
export function regexProblem(expr: string): string | undefined {
  let body = expr;
  let flags = '';
  const m = /^\(\?([imsU]+)\)/.exec(body);
  if (m) {
    flags = [...new Set(m[1].replace('U', '').split(''))].join('');
    body = body.slice(m[0].length);
  }
  try {
    new RegExp(body, flags);
    return undefined;
  } catch (e) {
    return `"${expr}" is not a valid regular expression: ${(e as Error).message.replace(/^Invalid regular expression: /, '')}`;
  }
}

/** Checks each item of a regex selector (comma list, items optionally /.../). */
export function selectorRegexProblem(selector: string): string | undefined {
  let s = selector.trim();
  if (s.startsWith('{') && s.endsWith('}')) {
    s = s.slice(1, -1);
  }
  for (let item of s.split(',')) {
    item = item.trim();
    if (item === '' || item.startsWith('$')) {
      continue;
    }
    if (item.length >= 2 && item.startsWith('/') && item.endsWith('/')) {
      item = item.slice(1, -1);
    }
    const p = regexProblem(item);
    if (p) {
      return p;
    }
  }
  return undefined;
}
