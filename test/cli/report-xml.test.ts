import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { escapeAttribute, escapeText, xmlDocument } from '../../kit/report-xml.ts';

// htmlEntities: numeric character references (&#10;) are decoded too, as every XML parser must.
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  trimValues: false,
  htmlEntities: true,
});

describe('the JUnit reports’ XML writer', () => {
  it('escapes markup in text and attributes', () => {
    expect(escapeText(`a < b && c > "d" 'e'`)).toBe(`a &lt; b &amp;&amp; c &gt; "d" 'e'`);
    expect(escapeAttribute(`say "<hi>" & go`)).toBe('say &quot;&lt;hi&gt;&quot; &amp; go');
  });

  it('keeps line breaks and tabs of an attribute as references, which a parser would turn into spaces', () => {
    expect(escapeAttribute('one\ntwo\r\nthree\tfour')).toBe('one&#10;two&#13;&#10;three&#9;four');
    expect(escapeText('one\ntwo\r\n')).toBe('one\ntwo&#13;\n');
  });

  it('replaces what XML 1.0 cannot carry at all (control characters, lone surrogates) and keeps the rest', () => {
    expect(escapeText('nul\u0000 bell\u0007 esc\u001b del\u007f')).toBe(
      'nul\uFFFD bell\uFFFD esc\uFFFD del\u007f',
    );
    expect(escapeText('lone \uD800 surrogate')).toBe('lone \uFFFD surrogate');
    expect(escapeText('权限不足 😀 \uFFFE')).toBe('权限不足 😀 \uFFFD');
  });

  it('writes a document a conforming parser reads back to the same text', () => {
    const nasty = `<failure> & "quotes" 'single' ]]> \u0001 line1\nline2\r\n\ttabbed 权限不足`;
    const xml = xmlDocument({
      name: 'testsuites',
      attributes: { name: nasty, tests: 2, absent: undefined },
      children: [
        { name: 'testcase', attributes: { name: 'empty' } },
        { name: 'testcase', attributes: { name: 'text' }, children: nasty },
      ],
    });
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')).toBe(true);
    expect(xml).not.toContain('absent');
    expect(XMLValidator.validate(xml)).toBe(true);
    const read = parser.parse(xml) as {
      testsuites: { name: string; tests: string; testcase: Array<{ name: string; '#text'?: string }> };
    };
    const expected = nasty.replace('\u0001', '\uFFFD');
    expect(read.testsuites.name).toBe(expected);
    expect(read.testsuites.tests).toBe('2');
    expect(read.testsuites.testcase.map((c) => c.name)).toEqual(['empty', 'text']);
    expect(read.testsuites.testcase[1]?.['#text']).toBe(expected);
  });
});
