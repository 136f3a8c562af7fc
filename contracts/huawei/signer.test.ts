import { describe, expect, it } from 'vitest';
import { canonicalUri, computeSignature, payloadHash, signRequest } from './signer.ts';

// Test vectors from the Huawei Go SDK's signer_test.go, recomputed independently (docs/providers/huawei.md §4.3).
describe('SDK-HMAC-SHA256', () => {
  const vector = (method: string, url: string, body: string | undefined) =>
    computeSignature(
      {
        method,
        url: new URL(url),
        header: (name) => (name === 'x-sdk-date' ? '20060102T150405Z' : undefined),
        signedHeaders: ['x-sdk-date'],
        payloadHash: payloadHash(body),
      },
      '20060102T150405Z',
      'SecretKey',
    );

  it('reproduces the GET vector', () => {
    expect(vector('GET', 'https://example.huaweicloud.com/path?limit=1', undefined)).toBe(
      '5a2ce64c865e0e6046321c6f3d5a77ba8413eeaf355c3166c03d58d02ac79624',
    );
  });

  it('reproduces the POST vector', () => {
    expect(vector('POST', 'https://example.huaweicloud.com/path?key=value', '{"Name":"test","Id":1}\n')).toBe(
      'cecc2af119b18ab70b4d094c0750f3b42c02f254903179a0fc2cc72fc9db4f59',
    );
  });

  it('encodes each path segment and appends a slash', () => {
    expect(canonicalUri('/v1/abc/cloudservers/x y/remote_console')).toBe(
      '/v1/abc/cloudservers/x%20y/remote_console/',
    );
    expect(canonicalUri('/a%2Fb/')).toBe('/a%2Fb/');
  });

  it('signs every header present, as the Node SDK does', () => {
    const headers = signRequest(
      {
        method: 'POST',
        url: 'http://127.0.0.1:9400/v1/p/cloudservers/s/remote_console',
        headers: { 'Content-Type': 'application/json' },
        body: '{}',
      },
      { accessKeyId: 'AK', secretAccessKey: 'SK' },
      Date.UTC(2026, 0, 2, 3, 4, 5),
    );
    expect(headers['x-sdk-date']).toBe('20260102T030405Z');
    expect(headers.authorization).toMatch(
      /^SDK-HMAC-SHA256 Access=AK, SignedHeaders=content-type;host;x-sdk-date, Signature=[0-9a-f]{64}$/,
    );
  });
});
