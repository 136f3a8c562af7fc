/**
 * The two body formats of the RPC gateway (docs/providers/aliyun.md §2.1). A V1 call picks one with `Format` (XML by
 * default); a V3 call always gets JSON. The OpenAPI SDK parses an XML error only when the content type is
 * exactly `text/xml;charset=utf-8`, so both content types are written without a space.
 */
export type BodyFormat = 'JSON' | 'XML';

export const CONTENT_TYPES: Readonly<Record<BodyFormat, string>> = {
  JSON: 'application/json;charset=utf-8',
  XML: 'text/xml;charset=utf-8',
};

/** A JSON-like body; arrays are lists of repeated elements in XML (`{"Region":[a,b]}` → `<Region/><Region/>`). */
export type BodyValue = string | number | boolean | undefined | BodyValue[] | { [key: string]: BodyValue };

const escapeXml = (text: string) =>
  XML_SPECIAL.test(text)
    ? text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
    : text;
const XML_SPECIAL = /[&<>"]/;

function element(name: string, value: BodyValue, cdata: ReadonlySet<string>): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) {
    let items = '';
    for (const item of value) items += element(name, item, cdata);
    return items;
  }
  if (typeof value === 'object') {
    let children = '';
    for (const key of Object.keys(value)) children += element(key, value[key], cdata);
    return `<${name}>${children}</${name}>`;
  }
  const text = String(value);
  // The gateway wraps `Recommend` in CDATA (openapi-sdk-php#175, docs/providers/aliyun.md §2.1).
  if (cdata.has(name)) return `<${name}><![CDATA[${text.replace(/]]>/g, ']]]]><![CDATA[>')}]]></${name}>`;
  return `<${name}>${escapeXml(text)}</${name}>`;
}

const NO_CDATA: ReadonlySet<string> = new Set();

/** The body text and content type of `body` in `format`; `root` names the XML document element. */
export function serialize(
  format: BodyFormat,
  root: string,
  body: Record<string, BodyValue>,
  cdata: ReadonlySet<string> = NO_CDATA,
): { text: string; contentType: string } {
  const text =
    format === 'JSON'
      ? JSON.stringify(body)
      : `<?xml version='1.0' encoding='UTF-8'?>${element(root, body, cdata)}`;
  return { text, contentType: CONTENT_TYPES[format] };
}
