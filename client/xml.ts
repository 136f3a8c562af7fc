import { z } from 'zod';

/**
 * The XML answers providers send are plain element trees: no attributes that matter, no mixed content, text
 * escaped as entities or in CDATA (see the provider's page in docs/providers/). This reads exactly that into
 * objects: an element with children becomes an object, a repeated child an array, a leaf its text. Anything
 * else is refused.
 */
export type XmlValue = string | XmlValue[] | { [name: string]: XmlValue };

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const unescapeXml = (text: string) =>
  text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X'))
      return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
    return ENTITIES[name] ?? whole;
  });

export function parseXml(text: string): { [name: string]: XmlValue } {
  let at = 0;
  const src = text.replace(/^\uFEFF/, '');
  const fail = (what: string): never => {
    throw new SyntaxError(`XML: ${what} at offset ${at}`);
  };
  const skipProlog = () => {
    for (;;) {
      const rest = src.slice(at).match(/^\s*(<\?[\s\S]*?\?>|<!--[\s\S]*?-->)?/);
      if (!rest?.[1]) {
        at += rest?.[0].length ?? 0;
        return;
      }
      at += rest[0].length;
    }
  };
  const element = (): [string, XmlValue] => {
    const open = /^<([A-Za-z_][\w.:-]*)[^>]*?(\/?)>/.exec(src.slice(at));
    if (!open?.[1]) return fail('expected an element');
    at += open[0].length;
    const name = open[1];
    if (open[2] === '/') return [name, ''];
    const children: Array<[string, XmlValue]> = [];
    let textContent = '';
    for (;;) {
      if (at >= src.length) fail(`unclosed <${name}>`);
      if (src.startsWith(`</${name}`, at)) {
        const close = src.indexOf('>', at);
        at = close + 1;
        break;
      }
      if (src.startsWith('<![CDATA[', at)) {
        const end = src.indexOf(']]>', at);
        if (end < 0) fail('unclosed CDATA');
        textContent += src.slice(at + 9, end);
        at = end + 3;
      } else if (src.startsWith('<!--', at)) {
        at = src.indexOf('-->', at) + 3;
      } else if (src[at] === '<') {
        children.push(element());
      } else {
        const next = src.indexOf('<', at);
        textContent += unescapeXml(src.slice(at, next < 0 ? src.length : next));
        at = next < 0 ? src.length : next;
      }
    }
    if (children.length === 0) return [name, textContent];
    const out: { [name: string]: XmlValue } = {};
    for (const [child, value] of children) {
      const existing = out[child];
      if (existing === undefined) out[child] = value;
      else if (Array.isArray(existing)) existing.push(value);
      else out[child] = [existing, value];
    }
    return [name, out];
  };
  skipProlog();
  const [name, value] = element();
  return { [name]: value };
}

/**
 * Turns XML leaves into what a JSON answer holds, guided by the schema: a lone repeated element into a
 * one-item array, an empty container into an empty array, numbers and booleans from their text.
 */
export function coerceXml(schema: z.ZodType, value: unknown): unknown {
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable)
    return coerceXml(schema.unwrap() as z.ZodType, value);
  if (schema instanceof z.ZodArray) {
    const items = value === undefined || value === '' ? [] : Array.isArray(value) ? value : [value];
    return items.map((item) => coerceXml(schema.element as z.ZodType, item));
  }
  if (schema instanceof z.ZodObject) {
    if (value === '') value = {};
    if (typeof value !== 'object' || value === null) return value;
    const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    for (const [key, child] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
      if (key in out || child instanceof z.ZodArray) out[key] = coerceXml(child, out[key]);
    }
    return out;
  }
  if (schema instanceof z.ZodNumber && typeof value === 'string' && value !== '') return Number(value);
  if (schema instanceof z.ZodBoolean && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}
