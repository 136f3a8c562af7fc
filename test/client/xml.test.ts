import { describe, expect, it } from 'vitest';
import { coerceXml, parseXml } from '../../client/xml.ts';
import { describeRegionsResponse } from '../../contracts/aliyun/schemas.ts';

describe('parseXml', () => {
  it('reads elements, repeated children, entities and CDATA', () => {
    expect(
      parseXml(
        "<?xml version='1.0' encoding='UTF-8'?><R><A>x &amp; y</A><B><I>1</I><I>2</I></B><C><![CDATA[<raw>]]></C><D/></R>",
      ),
    ).toEqual({ R: { A: 'x & y', B: { I: ['1', '2'] }, C: '<raw>', D: '' } });
  });

  it('refuses what is not an element tree', () => {
    expect(() => parseXml('<R><A></R>')).toThrow(SyntaxError);
    expect(() => parseXml('plain text')).toThrow(SyntaxError);
  });
});

describe('coerceXml', () => {
  it('makes a lone repeated element a list and an empty container an empty list', () => {
    const one = {
      RequestId: 'X',
      Regions: { Region: { RegionId: 'a', LocalName: 'A', RegionEndpoint: 'h', Status: 'available' } },
    };
    expect(coerceXml(describeRegionsResponse, one)).toMatchObject({
      Regions: { Region: [{ RegionId: 'a' }] },
    });
    expect(coerceXml(describeRegionsResponse, { RequestId: 'X', Regions: '' })).toEqual({
      RequestId: 'X',
      Regions: { Region: [] },
    });
  });
});
