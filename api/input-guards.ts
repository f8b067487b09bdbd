import type { RequestHandler } from 'express';
import { badRequest } from './errors';

// PostgreSQL text cannot hold U+0000: a NUL that reaches a query fails there as a 500. Refusing
// it here, once for every route, keeps each schema free of the rule.
const NUL = '\u0000';

interface Finding {
  field: string;
  in: 'path' | 'query' | 'body';
}

/** The first place a NUL hides in a parsed value (keys included), as a dotted field path. */
function nulIn(value: unknown, at: string): string | undefined {
  const stack: [unknown, string][] = [[value, at]];
  while (stack.length) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes(NUL)) return path;
    } else if (v && typeof v === 'object') {
      for (const [key, child] of Object.entries(v)) {
        const childPath = path ? `${path}.${key}` : key;
        if (key.includes(NUL)) return childPath;
        stack.push([child, childPath]);
      }
    }
  }
  return undefined;
}

function nulInPath(rawPath: string): boolean {
  if (rawPath.includes(NUL) || /%00/i.test(rawPath)) return true;
  try {
    return decodeURIComponent(rawPath).includes(NUL);
  } catch {
    return false; // a malformed escape is express's own 400 when the route decodes it
  }
}

/**
 * 400 for a NUL byte anywhere in the path, the query string or the parsed body, naming the
 * field. Runs after the body parsers, before any route.
 */
export const refuseNulBytes: RequestHandler = (req, _res, next) => {
  let finding: Finding | undefined;
  if (nulInPath(req.path)) finding = { field: 'path', in: 'path' };
  else {
    const q = nulIn(req.query, '');
    if (q !== undefined) finding = { field: q || '(query)', in: 'query' };
    else {
      const b = nulIn(req.body, '');
      if (b !== undefined) finding = { field: b || '(root)', in: 'body' };
    }
  }
  if (!finding) return next();
  next(
    badRequest(`invalid ${finding.in}: NUL characters (U+0000) are not accepted`, [
      { field: finding.field, in: finding.in, message: 'must not contain a NUL character (U+0000)', code: 'nul_character' },
    ]),
  );
};
