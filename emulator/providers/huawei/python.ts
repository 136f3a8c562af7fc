import { Memo } from '../../memo.ts';

/**
 * Python renderings that leak onto the wire: Nova formats validation errors with Python's `repr()`/`str()`
 * of the JSON value, and every OpenStack service serialises JSON with Python's `json.dumps` defaults
 * (`", "` and `": "` separators, non-ASCII escaped as `\uXXXX`).
 */
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function reprString(value: string): string {
  const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of value) {
    const code = ch.codePointAt(0) as number;
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += `\\${quote}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out + quote;
}

function reprNumber(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) < 1e16) return String(value);
  return String(value).replace(/e\+?/, (e) => (e === 'e' ? 'e' : 'e+'));
}

/** Python `repr()` of a decoded JSON value. */
export function pyRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return reprNumber(value);
  if (typeof value === 'string') return reprString(value);
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`;
  const entries = Object.entries(value as Record<string, unknown>);
  return `{${entries.map(([k, v]) => `${reprString(k)}: ${pyRepr(v)}`).join(', ')}}`;
}

/** Python `str()` of a decoded JSON value: strings bare, everything else as `repr()`. */
export function pyStr(value: unknown): string {
  return typeof value === 'string' ? value : pyRepr(value);
}

const NON_ASCII = /[\u007f-\uffff]/;

/** Printable ASCII but `"` and `\`: what both `json.dumps` and `JSON.stringify` write as it is, between quotes. */
const VERBATIM = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

function dumpString(value: string): string {
  // Most strings of an answer (ids, names, URLs) need no escape: quoting them is several times cheaper.
  if (VERBATIM.test(value)) return `"${value}"`;
  const json = JSON.stringify(value);
  if (!NON_ASCII.test(json)) return json;
  return json.replace(
    /[\u007f-\uffff]/g,
    (ch) => `\\u${(ch.codePointAt(0) as number).toString(16).padStart(4, '0')}`,
  );
}

/** How many object keys keep their rendering. */
const DUMPED_KEYS = 1024;

/** Object keys as rendered: answers repeat the same few keys, whose rendering is most of a small answer's. */
const dumpedKeys = new Memo<string, string>(DUMPED_KEYS);

const dumpKey = (key: string): string => dumpedKeys.get(key, () => dumpString(key));

/** `json.dumps(value)` with Python's defaults. */
export function pyJsonDumps(value: Json | object): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return dumpString(value);
  if (typeof value === 'number' || typeof value === 'boolean') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => pyJsonDumps(v as Json)).join(', ')}]`;
  // Built by concatenation: the answers are small, and arrays of entries would be most of the work.
  let out = '{';
  for (const key of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[key];
    if (v === undefined) continue;
    if (out.length > 1) out += ', ';
    out += `${dumpKey(key)}: ${pyJsonDumps(v as Json)}`;
  }
  return `${out}}`;
}
