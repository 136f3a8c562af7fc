/**
 * The little XML a JUnit report needs: elements with attributes and text, escaped so that any message (an
 * answer's body, a control character, a lone surrogate) still makes a well-formed document.
 */

/** Characters XML 1.0 allows (its `Char` production); anything else becomes U+FFFD. */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** A parser turns a raw `\r` into `\n`; a reference keeps it. */
const TEXT_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' };
/** A parser turns raw whitespace in an attribute into spaces; references keep it. */
const ATTRIBUTE_ESCAPES: Record<string, string> = {
  ...TEXT_ESCAPES,
  '"': '&quot;',
  '\t': '&#9;',
  '\n': '&#10;',
};

export function escapeText(text: string): string {
  return text.replace(NOT_XML_CHAR, '\uFFFD').replace(/[&<>\r]/g, (c) => TEXT_ESCAPES[c] ?? c);
}

export function escapeAttribute(text: string): string {
  return text.replace(NOT_XML_CHAR, '\uFFFD').replace(/[&<>"\t\n\r]/g, (c) => ATTRIBUTE_ESCAPES[c] ?? c);
}

export interface XmlElement {
  name: string;
  attributes?: Readonly<Record<string, string | number | undefined>>;
  /** Child elements, or the element's text. */
  children?: readonly XmlElement[] | string;
}

/** One element and everything under it, indented two spaces a level. */
function render(element: XmlElement, depth: number): string {
  const indent = '  '.repeat(depth);
  const attributes = Object.entries(element.attributes ?? {})
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([name, value]) => ` ${name}="${escapeAttribute(String(value))}"`)
    .join('');
  const open = `${indent}<${element.name}${attributes}`;
  const { children } = element;
  if (children === undefined || children.length === 0) return `${open}/>`;
  if (typeof children === 'string') return `${open}>${escapeText(children)}</${element.name}>`;
  return [`${open}>`, ...children.map((c) => render(c, depth + 1)), `${indent}</${element.name}>`].join('\n');
}

/** A whole document: the XML declaration and its root element. */
export function xmlDocument(root: XmlElement): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${render(root, 0)}\n`;
}
