/**
 * A fast reader for the plain YAML most filters are written in:
 *
 *   api:                      # a group: a block list of globs
 *     - services/api/**
 *     - '!**\/*.md'
 *   web: [services/web/**]    # or a flow list, or one scalar
 *   worker:                   # or a mapping of scalars and lists (the rich form)
 *     paths:
 *       - services/worker/**
 *     ecr-repository: team/worker
 *
 * Why not only the `yaml` library: it takes about 100 ms to load and parse 1,000 groups, more than
 * all the rest of the action on a 50,000-file change. This reader takes about a millisecond, and
 * gives up (returns undefined) at anything outside that subset - anchors, tags, multi-line or
 * non-string scalars, flow mappings, tabs, duplicate keys, anything it is not sure of - so the
 * caller falls back to the library, which then parses or reports the error with its line. Unit tests
 * check that whatever this returns deep-equals what the library returns for the same text.
 */
export interface SimpleEntry {
  key: string;
  value: unknown;
  /** 1-based line of the key. */
  line: number;
}

interface Line {
  indent: number;
  /** The content after the indentation, comments included. */
  text: string;
  number: number;
}

class GiveUp extends Error {}

const keyPattern = /^([A-Za-z_][A-Za-z0-9_.-]*):(?:[ ]+|$)/;
// Plain scalars the YAML 1.2 core schema reads as something other than a string.
const nonString =
  /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|[-+]?(?:[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;

export function parseSimpleYaml(text: string): SimpleEntry[] | undefined {
  try {
    return parseTop(toLines(text));
  } catch (err) {
    if (err instanceof GiveUp) return undefined;
    throw err;
  }
}

function toLines(text: string): Line[] {
  if (text.startsWith('\uFEFF')) throw new GiveUp();
  const lines: Line[] = [];
  const raw = text.split(/\r?\n/);
  for (let i = 0; i < raw.length; i++) {
    const l = raw[i]!;
    if (l.includes('\t') || l.includes('\r')) throw new GiveUp();
    let indent = 0;
    while (indent < l.length && l.charCodeAt(indent) === 32) indent++;
    const rest = l.slice(indent);
    if (rest === '' || rest.startsWith('#')) continue;
    if (indent === 0 && (rest.startsWith('---') || rest.startsWith('...') || rest.startsWith('%'))) throw new GiveUp();
    lines.push({ indent, text: rest.trimEnd(), number: i + 1 });
  }
  return lines;
}

function parseTop(lines: Line[]): SimpleEntry[] {
  const entries: SimpleEntry[] = [];
  const seen = new Set<string>();
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.indent !== 0) throw new GiveUp();
    const { key, rest } = splitKey(line.text);
    if (seen.has(key)) throw new GiveUp();
    seen.add(key);
    i++;
    let value: unknown;
    if (rest !== '') {
      value = inlineValue(rest);
    } else {
      [value, i] = block(lines, i, 0, true);
    }
    entries.push({ key, value, line: line.number });
  }
  if (entries.length === 0) throw new GiveUp();
  return entries;
}

/**
 * The block value of a key at `parentIndent` starting at lines[i]: a sequence (which may sit at the
 * key's own indentation), a mapping (deeper only, and only one level below the top), or null.
 */
function block(lines: Line[], i: number, parentIndent: number, mappingAllowed: boolean): [unknown, number] {
  const first = lines[i];
  if (!first) return [null, i];
  const isItem = first.text === '-' || first.text.startsWith('- ');
  if (isItem && first.indent >= parentIndent) return sequence(lines, i, first.indent);
  if (first.indent <= parentIndent) return [null, i];
  if (!mappingAllowed) throw new GiveUp();
  return mapping(lines, i, first.indent);
}

function sequence(lines: Line[], i: number, indent: number): [unknown[], number] {
  const items: unknown[] = [];
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.indent < indent) break;
    if (line.indent > indent) throw new GiveUp();
    // A key at the list's own indentation ends a list written level with its key (`paths:\n- a`);
    // the caller reads it as the next key, or gives up.
    if (!(line.text === '-' || line.text.startsWith('- '))) break;
    const rest = line.text.slice(1).trimStart();
    if (rest === '' || rest.startsWith('- ') || rest === '-') throw new GiveUp();
    items.push(inlineValue(rest));
    i++;
  }
  return [items, i];
}

function mapping(lines: Line[], i: number, indent: number): [Record<string, unknown>, number] {
  const map: Record<string, unknown> = {};
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.indent < indent) break;
    if (line.indent > indent) throw new GiveUp();
    const { key, rest } = splitKey(line.text);
    if (Object.hasOwn(map, key) || key === '__proto__') throw new GiveUp();
    i++;
    if (rest !== '') {
      map[key] = inlineValue(rest);
    } else {
      [map[key], i] = block(lines, i, indent, false);
    }
  }
  return [map, i];
}

function splitKey(text: string): { key: string; rest: string } {
  const m = keyPattern.exec(text);
  if (!m) throw new GiveUp();
  const rest = text.slice(m[0].length);
  return { key: m[1]!, rest: rest.startsWith('#') ? '' : rest };
}

/** A scalar or a flow list of scalars, then at most a comment. */
function inlineValue(text: string): unknown {
  if (text.startsWith('[')) {
    const items: string[] = [];
    let pos = 1;
    pos = skipSpaces(text, pos);
    if (text[pos] === ']') {
      pos++;
    } else {
      for (;;) {
        const [item, next] = scalar(text, pos, true);
        items.push(item);
        pos = skipSpaces(text, next);
        if (text[pos] === ',') {
          pos = skipSpaces(text, pos + 1);
          if (text[pos] === ']') throw new GiveUp();
          continue;
        }
        if (text[pos] === ']') {
          pos++;
          break;
        }
        throw new GiveUp();
      }
    }
    endOfLine(text, pos);
    return items;
  }
  const [value, next] = scalar(text, 0, false);
  endOfLine(text, next);
  return value;
}

function skipSpaces(text: string, pos: number): number {
  while (text[pos] === ' ') pos++;
  return pos;
}

function endOfLine(text: string, pos: number): void {
  const rest = text.slice(pos);
  if (rest.trim() === '') return;
  if (/^ +#/.test(rest)) return;
  throw new GiveUp();
}

/** A quoted or plain scalar starting at pos; returns it and the position after it. */
function scalar(text: string, pos: number, inFlow: boolean): [string, number] {
  const c = text[pos];
  if (c === "'") {
    let out = '';
    let from = pos + 1;
    for (;;) {
      const q = text.indexOf("'", from);
      if (q === -1) throw new GiveUp();
      if (text[q + 1] === "'") {
        out += text.slice(from, q + 1);
        from = q + 2;
        continue;
      }
      return [out + text.slice(from, q), q + 1];
    }
  }
  if (c === '"') {
    const q = text.indexOf('"', pos + 1);
    if (q === -1) throw new GiveUp();
    const body = text.slice(pos + 1, q);
    // Escapes are rare in globs: leave them (and their subtleties) to the library.
    if (body.includes('\\')) throw new GiveUp();
    return [body, q + 1];
  }
  // Indicators that start something other than a plain scalar: alias, anchor, tag, block scalar...
  if (c === undefined || '&*!|>%@`{}[],?:#\'"'.includes(c)) throw new GiveUp();
  if (c === '-' && (text[pos + 1] === undefined || text[pos + 1] === ' ')) throw new GiveUp();
  const stop = inFlow ? flowPlainEnd : blockPlainEnd;
  stop.lastIndex = pos;
  const m = stop.exec(text);
  const end = m ? m.index : text.length;
  const value = text.slice(pos, end).trimEnd();
  // `key: value` inside a scalar would be a mapping.
  if (value === '' || value.endsWith(':') || value.includes(': ') || nonString.test(value)) throw new GiveUp();
  if (inFlow && value.includes(':')) throw new GiveUp();
  return [value, pos + value.length];
}

const blockPlainEnd = / #/g;
const flowPlainEnd = /[,[\]{}]| #/g;
