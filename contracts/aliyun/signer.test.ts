import { describe, expect, it } from 'vitest';
import {
  EMPTY_BODY_SHA256,
  parseAcs3Authorization,
  parseAcsTimestamp,
  percentEncode,
  signV1,
  signV3,
  v1Signature,
  v1StringToSign,
  v3CanonicalRequest,
  v3Signature,
  v3StringToSign,
} from './signer.ts';

describe('percentEncode (RFC 3986, docs/providers/aliyun.md §1.2)', () => {
  it('keeps ~, encodes *, + and space as the SDKs do', () => {
    expect(percentEncode("a~b*c+d e!'()/:")).toBe('a~b%2Ac%2Bd%20e%21%27%28%29%2F%3A');
    expect(percentEncode('杭州')).toBe('%E6%9D%AD%E5%B7%9E');
  });
});

describe('V1 HMAC-SHA1 (docs/providers/aliyun.md §1.2)', () => {
  it('reproduces the documentation vector', () => {
    const params: Array<[string, string]> = [
      ['AccessKeyId', 'testid'],
      ['Action', 'DescribeRegions'],
      ['Format', 'XML'],
      ['SignatureMethod', 'HMAC-SHA1'],
      ['SignatureNonce', '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf'],
      ['SignatureVersion', '1.0'],
      ['Timestamp', '2016-02-23T12:46:24Z'],
      ['Version', '2014-05-26'],
    ];
    const stringToSign = v1StringToSign('GET', params);
    expect(stringToSign).toBe(
      'GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26',
    );
    expect(v1Signature(stringToSign, 'testsecret')).toBe('OLeaidS1JvxuMvnyHOwuJ+uX5qY=');
  });

  it('reproduces the DescribeInstanceVncUrl vector, ignoring Signature and parameter order', () => {
    const signed = signV1(
      'GET',
      { Action: 'DescribeInstanceVncUrl', RegionId: 'cn-hangzhou', InstanceId: 'i-test0001' },
      { accessKeyId: 'testid', accessKeySecret: 'testsecret' },
      { epochMs: Date.UTC(2024, 0, 1), nonce: '0123456789abcdef' },
    );
    expect(signed.Signature).toBe('YoLMbXMPBwjOANKcMaYgysQM5wY=');
    const reversed = Object.entries(signed).reverse();
    expect(v1Signature(v1StringToSign('GET', reversed), 'testsecret')).toBe('YoLMbXMPBwjOANKcMaYgysQM5wY=');
  });
});

describe('V3 ACS3-HMAC-SHA256 (docs/providers/aliyun.md §1.3)', () => {
  const headers: Record<string, string> = {
    host: '127.0.0.1:8080',
    'x-acs-action': 'DescribeInstanceVncUrl',
    'x-acs-content-sha256': EMPTY_BODY_SHA256,
    'x-acs-credentials-provider': 'static_ak',
    'x-acs-date': '2024-01-01T00:00:00Z',
    'x-acs-signature-nonce': '0123456789abcdef',
    'x-acs-version': '2014-05-26',
  };
  const expectedSignature = '0bc6af3563ade696d0c236cfb6864f3506f470b33a89b0e95e9b1a0f7f82c2b9';

  it('reproduces the published vector from the request’s own SignedHeaders', () => {
    const canonical = v3CanonicalRequest({
      method: 'POST',
      pathname: '/',
      query: [
        ['RegionId', 'cn-hangzhou'],
        ['InstanceId', 'i-test0001'],
      ],
      header: (name) => headers[name],
      signedHeaders: Object.keys(headers),
      hashedPayload: EMPTY_BODY_SHA256,
    });
    const stringToSign = v3StringToSign(canonical);
    expect(stringToSign).toBe(
      'ACS3-HMAC-SHA256\nb7b63a1f3e85e55db518e1fe7c26adeac9cbe8974ffbc96a5e0448732d0457a7',
    );
    expect(v3Signature(stringToSign, 'testsecret')).toBe(expectedSignature);
  });

  it('signs as the SDK does (host, content-type, x-acs-*)', () => {
    const signed = signV3(
      {
        method: 'POST',
        url: 'http://127.0.0.1:8080/?InstanceId=i-test0001&RegionId=cn-hangzhou',
        action: 'DescribeInstanceVncUrl',
        headers: { 'x-acs-credentials-provider': 'static_ak', 'user-agent': 'not signed' },
      },
      { accessKeyId: 'testid', accessKeySecret: 'testsecret' },
      { epochMs: Date.UTC(2024, 0, 1), nonce: '0123456789abcdef' },
    );
    expect(signed.authorization).toBe(
      `ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-credentials-provider;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=${expectedSignature}`,
    );
    expect(parseAcs3Authorization(signed.authorization as string)).toEqual({
      algorithm: 'ACS3-HMAC-SHA256',
      accessKeyId: 'testid',
      signedHeaders: [
        'host',
        'x-acs-action',
        'x-acs-content-sha256',
        'x-acs-credentials-provider',
        'x-acs-date',
        'x-acs-signature-nonce',
        'x-acs-version',
      ],
      signature: expectedSignature,
    });
  });

  it('refuses an Authorization without Credential, SignedHeaders or Signature', () => {
    expect(parseAcs3Authorization('ACS3-HMAC-SHA256 Credential=a,Signature=b')).toBeUndefined();
    expect(parseAcs3Authorization('Bearer x')).toBeUndefined();
  });
});

describe('timestamps', () => {
  it('accepts yyyy-MM-ddTHH:mm:ssZ (optionally with milliseconds) of a real date only', () => {
    expect(parseAcsTimestamp('2024-01-01T00:00:00Z')).toBe(Date.UTC(2024, 0, 1));
    expect(parseAcsTimestamp('2024-01-01T00:00:00.5Z')).toBe(Date.UTC(2024, 0, 1, 0, 0, 0, 500));
    expect(parseAcsTimestamp('2024-02-30T00:00:00Z')).toBeUndefined();
    expect(parseAcsTimestamp('2024-01-01 00:00:00')).toBeUndefined();
  });
});
