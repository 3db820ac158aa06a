/**
 * Glob matching in time linear in the path times the pattern, whatever either holds.
 *
 * Why not picomatch, which this follows for syntax: it compiles a glob to a backtracking regular
 * expression, and both the glob and the file names come from a pull request. `*a*a*a*a*a*a*a*b`
 * against a name of 100 `a`s ran for minutes; and its `**` is `.` in a regular expression, which
 * stops at a newline, so `**` skipped the names git reports with one. Here:
 *
 * - `{a,b}`, `{1..3}`, `@(a|b)`, `?(a|b)` and `(a|b)` are expanded into alternatives first (at most
 *   `maxAlternatives` per glob);
 * - each alternative is a list of segments split on `/`; `**` as a whole segment matches any number
 *   of segments, anywhere else it is `*`;
 * - a segment is literal characters, `?` (one character), `[...]` classes (ranges, `!`/`^`
 *   negation, POSIX `[:alpha:]` names, `\` escapes) and `*`: single-character tokens and stars.
 *
 * Both levels match with the greedy algorithm that backtracks only to the last star: at most
 * (text length x pattern length) steps, never exponential. A `Meter` counts the steps, for the tests
 * that prove it and for a total budget per run. `+(...)`, `*(...)` and `!(...)` (repetition and
 * negation) are refused: they need a backtracking engine, and a `!` exclusion line does the same job.
 * Every character but `/` is an ordinary character: `*`, `?` and `**` match newlines and carriage
 * returns in names. Dot files match (picomatch's `dot: true`).
 */
export class GlobError extends Error {}

/** Counts matching steps; `budget` bounds them for a whole run. */
export interface Meter {
  steps: number;
  budget: number;
}

export const maxAlternatives = 256;
export const maxGlobLength = 1000;

const STAR = -1;
const GLOBSTAR = -2;

/** One character of a segment: a code unit, any code unit (`?`), or a class. */
type CharToken = number | ((code: number) => boolean);
type SegmentToken = CharToken | typeof STAR;
interface Segment {
  /** Set when the segment is plain text: compared with ===. */
  literal?: string;
  /** Set when the segment is text, one `*`, text (`*.md`, `svc-*`): a prefix and a suffix to compare. */
  affixes?: [string, string];
  tokens: SegmentToken[];
}
type PatternSegment = Segment | typeof GLOBSTAR;

const ANY: CharToken = () => true;

/** Compiles a glob; throws a GlobError saying what is wrong with it. */
export function compileGlob(glob: string, meter?: Meter): (path: string) => boolean {
  if (glob.length > maxGlobLength) throw new GlobError(`it is ${glob.length} characters long, over ${maxGlobLength}`);
  const patterns = expand(glob).map(parsePattern);
  // A path with the wrong number of folders is refused before it is split.
  const counts = patterns.map((p) => ({ exact: !p.includes(GLOBSTAR), size: p.filter((x) => x !== GLOBSTAR).length }));
  return (path) => {
    const count = segmentCount(path);
    let segments: string[] | undefined;
    for (let i = 0; i < patterns.length; i++) {
      const { exact, size } = counts[i]!;
      if (exact ? count !== size : count < size) continue;
      segments ??= splitPath(path);
      if (matchSegments(patterns[i]!, segments, meter)) return true;
    }
    return false;
  };
}

// The matcher tests one path against many globs in a row: split it once.
let lastPath: string | undefined;
let lastSegments: string[] = [];
function splitPath(path: string): string[] {
  if (path !== lastPath) {
    lastPath = path;
    lastSegments = path.split('/');
  }
  return lastSegments;
}

function segmentCount(path: string): number {
  let count = 1;
  for (let i = path.indexOf('/'); i !== -1; i = path.indexOf('/', i + 1)) count++;
  return count;
}

// ---- expansion of braces and alternation extglobs -------------------------------------------------

/** The brace-free alternatives of a glob. */
export function expand(glob: string): string[] {
  const group = findGroup(glob);
  if (!group) return [glob];
  const out: string[] = [];
  const prefix = glob.slice(0, group.start);
  const suffixes = expand(glob.slice(group.end));
  for (const option of group.options) {
    for (const head of expand(option)) {
      for (const tail of suffixes) {
        out.push(prefix + head + tail);
        if (out.length > maxAlternatives) {
          throw new GlobError(`its braces and alternatives expand to more than ${maxAlternatives} globs`);
        }
      }
    }
  }
  return [...new Set(out)];
}

interface Group {
  start: number;
  end: number;
  options: string[];
}

/** The first `{...}` or `(...)` group that means alternatives, outside classes and escapes. */
function findGroup(glob: string): Group | undefined {
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '[') {
      const close = classEnd(glob, i);
      if (close !== -1) i = close;
      continue;
    }
    if (c === '{' || c === '(') {
      const closeAt = matchingClose(glob, i);
      if (closeAt === -1) continue;
      const body = glob.slice(i + 1, closeAt);
      const kind = c === '(' ? (i > 0 ? glob[i - 1]! : '') : '';
      if (c === '(' && '+*!'.includes(kind) && kind !== '') {
        throw new GlobError(
          `${kind}(...) is not supported (it can make matching take exponential time): use *, {a,b} alternatives, or a ! exclusion`,
        );
      }
      const start = c === '(' && (kind === '@' || kind === '?') ? i - 1 : i;
      if (c === '{') {
        const options = splitTop(body, ',');
        if (options.length > 1) return { start, end: closeAt + 1, options };
        const range = braceRange(body);
        if (range) return { start, end: closeAt + 1, options: range };
        continue; // {a}: literal, as picomatch reads it
      }
      const options = splitTop(body, '|');
      if (kind === '?') options.push('');
      return { start, end: closeAt + 1, options };
    }
  }
  return undefined;
}

function matchingClose(glob: string, open: number): number {
  const openChar = glob[open]!;
  const closeChar = openChar === '{' ? '}' : ')';
  let depth = 0;
  for (let i = open; i < glob.length; i++) {
    const c = glob[i];
    if (c === '\\') {
      i++;
    } else if (c === '[') {
      const close = classEnd(glob, i);
      if (close !== -1) i = close;
    } else if (c === openChar) {
      depth++;
    } else if (c === closeChar && --depth === 0) {
      return i;
    }
  }
  return -1;
}

/** Splits on `separator` outside nested groups, classes and escapes. */
function splitTop(body: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '\\') i++;
    else if (c === '[') {
      const close = classEnd(body, i);
      if (close !== -1) i = close;
    } else if (c === '{' || c === '(') depth++;
    else if (c === '}' || c === ')') depth--;
    else if (c === separator && depth === 0) {
      parts.push(body.slice(from, i));
      from = i + 1;
    }
  }
  parts.push(body.slice(from));
  return parts;
}

/** `{1..3}`, `{01..10}`, `{a..e}`: the values of the range, or undefined. */
function braceRange(body: string): string[] | undefined {
  const numbers = /^(-?\d+)\.\.(-?\d+)$/.exec(body);
  const letters = /^([A-Za-z])\.\.([A-Za-z])$/.exec(body);
  if (!numbers && !letters) return undefined;
  const values: string[] = [];
  if (numbers) {
    const [a, b] = [Number(numbers[1]), Number(numbers[2])];
    if (Math.abs(b - a) >= maxAlternatives) {
      throw new GlobError(`its braces and alternatives expand to more than ${maxAlternatives} globs`);
    }
    const width = /^-?0\d/.test(numbers[1]!) || /^-?0\d/.test(numbers[2]!) ? numbers[1]!.length : 0;
    for (let n = a; a <= b ? n <= b : n >= b; n += a <= b ? 1 : -1) values.push(String(n).padStart(width, '0'));
  } else {
    const [a, b] = [letters![1]!.charCodeAt(0), letters![2]!.charCodeAt(0)];
    for (let n = a; a <= b ? n <= b : n >= b; n += a <= b ? 1 : -1) values.push(String.fromCharCode(n));
  }
  return values;
}

// ---- segments and classes -------------------------------------------------------------------------

function parsePattern(glob: string): PatternSegment[] {
  return splitSegments(glob).map((s) => (s === '**' ? GLOBSTAR : parseSegment(s)));
}

/** Splits on `/` outside classes (a class never matches `/` anyway). */
function splitSegments(glob: string): string[] {
  const parts: string[] = [];
  let from = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '\\') i++;
    else if (c === '[') {
      const close = classEnd(glob, i);
      if (close !== -1) i = close;
    } else if (c === '/') {
      parts.push(glob.slice(from, i));
      from = i + 1;
    }
  }
  parts.push(glob.slice(from));
  return parts;
}

function parseSegment(text: string): Segment {
  const tokens: SegmentToken[] = [];
  let literal = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && i + 1 < text.length) {
      tokens.push(text.charCodeAt(++i));
    } else if (c === '*') {
      literal = false;
      if (tokens[tokens.length - 1] !== STAR) tokens.push(STAR);
    } else if (c === '?') {
      literal = false;
      tokens.push(ANY);
    } else if (c === '[' && classEnd(text, i) !== -1) {
      literal = false;
      const close = classEnd(text, i);
      tokens.push(parseClass(text.slice(i + 1, close)));
      i = close;
    } else {
      tokens.push(text.charCodeAt(i));
    }
  }
  const plain = literal ? String.fromCharCode(...(tokens as number[])) : undefined;
  const star = tokens.indexOf(STAR);
  const onlyText = (list: SegmentToken[]) => list.every((t) => typeof t === 'number' && t !== STAR);
  const before = tokens.slice(0, star);
  const after = tokens.slice(star + 1);
  const affixes: [string, string] | undefined =
    star !== -1 && onlyText(before) && onlyText(after)
      ? [String.fromCharCode(...(before as number[])), String.fromCharCode(...(after as number[]))]
      : undefined;
  return { literal: plain, affixes, tokens };
}

/** Index of the `]` closing the class opened at `open`, or -1 (then `[` is literal). */
function classEnd(text: string, open: number): number {
  let i = open + 1;
  if (text[i] === '!' || text[i] === '^') i++;
  if (text[i] === ']') i++; // a leading ] is a member
  for (; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '[' && text[i + 1] === ':') {
      const end = text.indexOf(':]', i + 2);
      if (end !== -1) i = end + 1;
    } else if (c === ']') return i;
  }
  return -1;
}

const posix: Record<string, [number, number][]> = {
  alpha: [
    [65, 90],
    [97, 122],
  ],
  digit: [[48, 57]],
  alnum: [
    [48, 57],
    [65, 90],
    [97, 122],
  ],
  upper: [[65, 90]],
  lower: [[97, 122]],
  xdigit: [
    [48, 57],
    [65, 70],
    [97, 102],
  ],
  space: [
    [9, 13],
    [32, 32],
  ],
  blank: [
    [9, 9],
    [32, 32],
  ],
  word: [
    [48, 57],
    [65, 90],
    [95, 95],
    [97, 122],
  ],
  punct: [
    [33, 47],
    [58, 64],
    [91, 96],
    [123, 126],
  ],
  cntrl: [
    [0, 31],
    [127, 127],
  ],
  print: [[32, 126]],
  graph: [[33, 126]],
};

function parseClass(body: string): CharToken {
  let i = 0;
  const negated = body[0] === '!' || body[0] === '^';
  if (negated) i++;
  const ranges: [number, number][] = [];
  const one = (): number => (body[i] === '\\' && i + 1 < body.length ? body.charCodeAt(++i) : body.charCodeAt(i));
  for (; i < body.length; i++) {
    if (body[i] === '[' && body[i + 1] === ':') {
      const end = body.indexOf(':]', i + 2);
      const name = body.slice(i + 2, end);
      const set = posix[name];
      if (!set) throw new GlobError(`[:${name}:] is not a character class`);
      ranges.push(...set);
      i = end + 1;
      continue;
    }
    const low = one();
    if (body[i + 1] === '-' && i + 2 < body.length) {
      i += 2;
      const high = one();
      if (high < low)
        throw new GlobError(`the range ${String.fromCharCode(low)}-${String.fromCharCode(high)} is reversed`);
      ranges.push([low, high]);
    } else {
      ranges.push([low, low]);
    }
  }
  return (code) => {
    if (code === 47) return false; // never /
    let found = false;
    for (const [low, high] of ranges) {
      if (code >= low && code <= high) {
        found = true;
        break;
      }
    }
    return found !== negated;
  };
}

// ---- matching -------------------------------------------------------------------------------------

/**
 * Segments against pattern segments; `**` is the star of this level. With no `**` the segments pair
 * up one to one, and with one `**` the segments before it match from the start and those after it
 * from the end: no search at all. Two or more take the greedy algorithm.
 */
function matchSegments(pattern: readonly PatternSegment[], segments: readonly string[], meter?: Meter): boolean {
  const globstar = pattern.indexOf(GLOBSTAR);
  if (globstar === -1 || pattern.indexOf(GLOBSTAR, globstar + 1) === -1) {
    const tail = globstar === -1 ? 0 : pattern.length - globstar - 1;
    const head = globstar === -1 ? pattern.length : globstar;
    if (globstar === -1 ? segments.length !== head : segments.length < head + tail) return false;
    for (let i = 0; i < head; i++) if (!matchSegment(pattern[i] as Segment, segments[i]!, meter)) return false;
    const offset = segments.length - tail;
    for (let i = 0; i < tail; i++) {
      if (!matchSegment(pattern[globstar + 1 + i] as Segment, segments[offset + i]!, meter)) return false;
    }
    if (meter) charge(meter, head + tail + 1);
    return true;
  }
  return matchAcross(pattern, segments, meter);
}

function matchAcross(pattern: readonly PatternSegment[], segments: readonly string[], meter?: Meter): boolean {
  let p = 0;
  let s = 0;
  let starP = -1;
  let starS = 0;
  let steps = 0;
  let result: boolean | undefined;
  while (s < segments.length) {
    steps++;
    const token = pattern[p];
    if (token !== undefined && token !== GLOBSTAR && matchSegment(token, segments[s]!, meter)) {
      p++;
      s++;
    } else if (token === GLOBSTAR) {
      starP = p++;
      starS = s;
    } else if (starP >= 0) {
      p = starP + 1;
      s = ++starS;
    } else {
      result = false;
      break;
    }
  }
  if (result === undefined) {
    while (pattern[p] === GLOBSTAR) p++;
    result = p === pattern.length;
  }
  if (meter) charge(meter, steps);
  return result;
}

/** One segment against a segment pattern; `*` is the star of this level. */
function matchSegment(segment: Segment, text: string, meter?: Meter): boolean {
  if (segment.literal !== undefined) return segment.literal === text;
  if (segment.affixes) {
    const [prefix, suffix] = segment.affixes;
    if (meter) charge(meter, 1);
    return (
      text.length >= prefix.length + suffix.length &&
      text.length > 0 &&
      text.startsWith(prefix) &&
      text.endsWith(suffix)
    );
  }
  const tokens = segment.tokens;
  let p = 0;
  let i = 0;
  let starP = -1;
  let starI = 0;
  let steps = 0;
  let result: boolean | undefined;
  while (i < text.length) {
    steps++;
    const token = tokens[p];
    if (token !== undefined && token !== STAR && matchChar(token, text.charCodeAt(i))) {
      p++;
      i++;
    } else if (token === STAR) {
      starP = p++;
      starI = i;
    } else if (starP >= 0) {
      p = starP + 1;
      i = ++starI;
    } else {
      result = false;
      break;
    }
  }
  if (result === undefined) {
    while (tokens[p] === STAR) p++;
    result = p === tokens.length && text.length > 0;
  }
  if (meter) charge(meter, steps);
  return result;
}

function matchChar(token: CharToken, code: number): boolean {
  return typeof token === 'number' ? token === code : token(code);
}

function charge(meter: Meter, steps: number): void {
  meter.steps += steps;
  if (meter.steps > meter.budget) {
    throw new GlobError(`matching took more than ${meter.budget} steps`);
  }
}
