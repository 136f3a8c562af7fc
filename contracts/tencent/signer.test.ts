import { describe, expect, it } from 'vitest';
import {
  legacySignature,
  legacyStringToSign,
  parseTc3Authorization,
  payloadHash,
  scopeDate,
  signLegacy,
  signTc3,
  tc3CanonicalRequest,
  tc3StringToSign,
} from './signer.ts';

// Vectors produced by the official Node SDK's own signer (tencentcloud-sdk-nodejs-common `sign.ts`) and the
// documentation's worked example; see docs/providers/tencent.md, "Signing".
const EXAMPLE = {
  secretId: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE',
  secretKey: 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE',
};

describe('TC3-HMAC-SHA256', () => {
  it('reproduces the documentation vector (charset in the content type, escaped JSON body)', () => {
    const body = '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}';
    expect(payloadHash(body)).toBe('35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064');
    const authorization = signTc3(
      {
        method: 'POST',
        host: 'cvm.tencentcloudapi.com',
        service: 'cvm',
        contentType: 'application/json; charset=utf-8',
        rawQuery: '',
        body,
        timestampSeconds: 1551113065,
      },
      { secretId: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******', secretKey: 'Gu5t9xGARNpq86cd98joQYCN3*******' },
    );
    expect(authorization).toBe(
      'TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c',
    );
  });

  it('reproduces the SDK’s POST to the real host name', () => {
    const body = '{"InstanceId":"ins-r9hr2upy"}';
    expect(payloadHash(body)).toBe('b16bc821b8fd758a0da9c0d51062abc8e62244708afd0b9eb16758c7f20b972b');
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      host: 'cvm.tencentcloudapi.com',
    };
    const canonical = tc3CanonicalRequest({
      method: 'POST',
      rawQuery: '',
      header: (name) => headers[name],
      signedHeaders: ['content-type', 'host'],
      hashedPayload: payloadHash(body),
    });
    expect(canonical).toBe(
      'POST\n/\n\ncontent-type:application/json\nhost:cvm.tencentcloudapi.com\n\ncontent-type;host\nb16bc821b8fd758a0da9c0d51062abc8e62244708afd0b9eb16758c7f20b972b',
    );
    expect(tc3StringToSign(1700000000, '2023-11-14/cvm/tc3_request', canonical)).toBe(
      'TC3-HMAC-SHA256\n1700000000\n2023-11-14/cvm/tc3_request\n8c576f1f300e8f8ae4c9998f62cf0e50d93c231920ed0158ee30ed18cac9ac7e',
    );
    const request = {
      method: 'POST',
      host: 'cvm.tencentcloudapi.com',
      service: 'cvm',
      contentType: 'application/json',
      rawQuery: '',
      body,
      timestampSeconds: 1700000000,
    } as const;
    expect(signTc3(request, EXAMPLE)).toBe(
      'TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2023-11-14/cvm/tc3_request, SignedHeaders=content-type;host, Signature=d90a296c97a9c362b2b07e1381485a31aaf77e44a82d2b30f92f01d0ef7d8b15',
    );
  });

  it('reproduces the SDK’s GET: the raw query signed, an empty payload', () => {
    const request = {
      method: 'GET',
      host: 'cvm.tencentcloudapi.com',
      service: 'cvm',
      contentType: 'application/x-www-form-urlencoded',
      rawQuery: 'InstanceId=ins-r9hr2upy',
      body: '',
      timestampSeconds: 1700000000,
    } as const;
    expect(signTc3(request, EXAMPLE)).toMatch(
      /Signature=d7e88001a7ac0c2b06c53952f9b6a3234017caea24e1401da89017c155bf552d$/,
    );
  });

  it('reproduces the SDK pointed at 127.0.0.1:PORT: host without the port, service `127`', () => {
    const request = {
      method: 'POST',
      host: '127.0.0.1',
      service: '127',
      contentType: 'application/json',
      rawQuery: '',
      body: '{"InstanceId":"ins-r9hr2upy"}',
      timestampSeconds: 1700000000,
    } as const;
    expect(signTc3(request, EXAMPLE)).toBe(
      'TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2023-11-14/127/tc3_request, SignedHeaders=content-type;host, Signature=5a98cd1098059ff3f1ad0a49f2329a7938cd921e4df474edffd5aa5d2263ebf5',
    );
  });

  it('parses the Authorization header back, and refuses other forms', () => {
    expect(
      parseTc3Authorization(
        `TC3-HMAC-SHA256 Credential=AKIDx/2023-11-14/127/tc3_request, SignedHeaders=content-type;host, Signature=ab12`,
      ),
    ).toEqual({
      secretId: 'AKIDx',
      date: '2023-11-14',
      service: '127',
      signedHeaders: ['content-type', 'host'],
      signature: 'ab12',
    });
    expect(
      parseTc3Authorization(
        'TC3-HMAC-SHA256 Credential=AKIDx/2023-11-14/cvm, SignedHeaders=host, Signature=ab',
      ),
    ).toBeUndefined();
    expect(
      parseTc3Authorization('ACS3-HMAC-SHA256 Credential=x,SignedHeaders=host,Signature=ab'),
    ).toBeUndefined();
    expect(scopeDate(1700000000)).toBe('2023-11-14');
  });
});

describe('legacy HmacSHA1 / HmacSHA256', () => {
  const params = { InstanceId: 'ins-r9hr2upy', RequestClient: 'SDK_NODEJS_4.1.220' };
  const base = {
    host: 'cvm.tencentcloudapi.com',
    action: 'DescribeInstanceVncUrl',
    version: '2017-03-12',
    region: 'ap-guangzhou',
  };

  it('reproduces the SDK’s POST with HmacSHA256: raw values, sorted, host and path', () => {
    const signed = signLegacy({ ...base, method: 'POST' }, params, EXAMPLE, {
      timestampSeconds: 1700000000,
      nonce: 32768,
      signatureMethod: 'HmacSHA256',
    });
    expect(legacyStringToSign('POST', 'cvm.tencentcloudapi.com/', Object.entries(signed))).toBe(
      'POSTcvm.tencentcloudapi.com/?Action=DescribeInstanceVncUrl&InstanceId=ins-r9hr2upy&Nonce=32768&Region=ap-guangzhou&RequestClient=SDK_NODEJS_4.1.220&SecretId=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE&SignatureMethod=HmacSHA256&Timestamp=1700000000&Version=2017-03-12',
    );
    expect(signed.Signature).toBe('ilEVU4F4CgFF330CRusPJOKPjImYqmckluF7cSW3eDM=');
  });

  it('reproduces the SDK’s GET with HmacSHA1', () => {
    const signed = signLegacy({ ...base, method: 'GET' }, params, EXAMPLE, {
      timestampSeconds: 1700000000,
      nonce: 32768,
      signatureMethod: 'HmacSHA1',
    });
    expect(signed.Signature).toBe('JxwdDaqPrfEAkpVE7kDMuFAH4c8=');
    const toSign = legacyStringToSign('GET', 'cvm.tencentcloudapi.com/', Object.entries(signed).reverse());
    expect(legacySignature(EXAMPLE.secretKey, 'HmacSHA1', toSign)).toBe('JxwdDaqPrfEAkpVE7kDMuFAH4c8=');
  });
});
