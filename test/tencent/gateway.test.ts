import { get } from 'node:http';
import { describe, expect, it } from 'vitest';
import { tencentDemo } from '../../contracts/tencent/demo.ts';
import {
  legacySignature,
  legacyStringToSign,
  payloadHash,
  scopeDate,
  signTc3,
  tc3CanonicalRequest,
  tc3Signature,
  tc3StringToSign,
} from '../../contracts/tencent/signer.ts';
import { useEmulator } from '../helpers.ts';
import { DEMO, errorOf, IDS, tc3, tencentError } from './wire.ts';

/**
 * The API 3.0 gateway on the wire: each common error in the gateway's order, in Tencent's one shape (HTTP 200,
 * `Content-Type: application/json`), and bad input of every kind answered in that shape too.
 */
const emu = useEmulator({
  scenario: {
    tencent: {
      ...tencentDemo,
      keys: [
        ...tencentDemo.keys,
        { secretId: 'AKIDDISABLED000000000000000000000001', secretKey: 'off', enabled: false },
        { secretId: 'AKIDTEMPORARY00000000000000000000001', secretKey: 'temp', token: 'sts-token' },
      ],
    },
  },
  maxBodyBytes: 64 * 1024,
});
const base = () => emu.current.url;

const SIGNATURE_FAILURE = tencentError(
  'AuthFailure.SignatureFailure',
  'The provided credentials could not be validated. Please check your signature is correct.',
);

describe('TC3-HMAC-SHA256', () => {
  it('answers a correctly signed call with 200, application/json and the action’s fields', async () => {
    const response = await tc3(base());
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    const body = (await response.json()) as { Response: { InstanceVncUrl: string; RequestId: string } };
    expect(Object.keys(body.Response)).toEqual(['InstanceVncUrl', 'RequestId']);
  });

  it('accepts the Node SDK’s scope (service `127`, the host signed without its port)', async () => {
    const body = JSON.stringify({ InstanceId: IDS.running });
    const timestampSeconds = Math.floor(Date.now() / 1000);
    const authorization = signTc3(
      {
        method: 'POST',
        host: '127.0.0.1',
        service: '127',
        contentType: 'application/json',
        rawQuery: '',
        body,
        timestampSeconds,
      },
      DEMO,
    );
    const response = await tc3(base(), { body, timestampSeconds, headers: { authorization } });
    expect((await response.json()).Response.Error).toBeUndefined();
  });

  it('verifies the headers the call lists in SignedHeaders, X-TC-Action among them', async () => {
    const timestampSeconds = Math.floor(Date.now() / 1000);
    const body = JSON.stringify({ InstanceId: IDS.running });
    const host = new URL(base()).host;
    const headers: Record<string, string> = {
      'content-type': 'application/json; charset=utf-8',
      host,
      'x-tc-action': 'describeinstancevncurl',
    };
    const signed = ['content-type', 'host', 'x-tc-action'];
    const date = scopeDate(timestampSeconds);
    const canonical = tc3CanonicalRequest({
      method: 'POST',
      rawQuery: '',
      header: (n) => headers[n],
      signedHeaders: signed,
      hashedPayload: payloadHash(body),
    });
    const signature = tc3Signature(
      DEMO.secretKey,
      date,
      'cvm',
      tc3StringToSign(timestampSeconds, `${date}/cvm/tc3_request`, canonical),
    );
    const authorization = `TC3-HMAC-SHA256 Credential=${DEMO.secretId}/${date}/cvm/tc3_request, SignedHeaders=${signed.join(';')}, Signature=${signature}`;
    const call = { body, timestampSeconds, contentType: headers['content-type'] as string };
    // The action as signed, lower-cased, is not the action the gateway knows …
    const lower = await tc3(base(), {
      ...call,
      action: 'describeinstancevncurl',
      headers: { authorization },
    });
    expect((await errorOf(lower)).code).toBe('InvalidAction');
    // … and the signed action changed after signing fails the signature.
    const changed = await tc3(base(), {
      ...call,
      action: 'DescribeInstanceVncUrl',
      headers: { authorization },
    });
    expect(await errorOf(changed)).toEqual(SIGNATURE_FAILURE);
  });

  it('signs GET parameters in the raw query', async () => {
    const rawQuery = 'Filters.0.Name=instance-name&Filters.0.Values.0=demo-running&Limit=1';
    const response = await tc3(base(), { method: 'GET', action: 'DescribeInstances', rawQuery });
    const body = (await response.json()) as {
      Response: { TotalCount: number; InstanceSet: Array<{ InstanceId: string }> };
    };
    expect(body.Response.TotalCount).toBe(1);
    expect(body.Response.InstanceSet.map((i) => i.InstanceId)).toEqual([IDS.running]);
  });

  it('verifies the query exactly as sent, characters URL parsing would re-encode included', async () => {
    // The Node SDK's querystring leaves `'` as it is; a URL parser would make it `%27`.
    const rawQuery = "Filters.0.Name=instance-name&Filters.0.Values.0=it's";
    const timestampSeconds = Math.floor(Date.now() / 1000);
    const contentType = 'application/x-www-form-urlencoded';
    const { host } = new URL(base());
    const authorization = signTc3(
      { method: 'GET', host, service: 'cvm', contentType, rawQuery, body: '', timestampSeconds },
      DEMO,
    );
    const answer = await new Promise<string>((resolve, reject) => {
      // Options, not a URL string: Node would parse a string and re-encode the `'`.
      const request = get(
        {
          host: '127.0.0.1',
          port: emu.current.port,
          path: `/?${rawQuery}`,
          headers: {
            authorization,
            'content-type': contentType,
            'x-tc-action': 'DescribeInstances',
            'x-tc-timestamp': String(timestampSeconds),
            'x-tc-version': '2017-03-12',
            'x-tc-region': DEMO.region,
          },
        },
        (response) => {
          let text = '';
          response.on('data', (chunk: Buffer) => {
            text += chunk.toString();
          });
          response.on('end', () => resolve(text));
        },
      );
      request.on('error', reject);
    });
    expect(JSON.parse(answer).Response).toMatchObject({ TotalCount: 0, InstanceSet: [] });
  });

  it('accepts X-TC-Content-SHA256: UNSIGNED-PAYLOAD with the hash of that word', async () => {
    const timestampSeconds = Math.floor(Date.now() / 1000);
    const authorization = signTc3(
      {
        method: 'POST',
        host: new URL(base()).host,
        service: 'cvm',
        contentType: 'application/json',
        rawQuery: '',
        body: 'UNSIGNED-PAYLOAD',
        timestampSeconds,
      },
      DEMO,
    );
    const response = await tc3(base(), {
      timestampSeconds,
      headers: { authorization, 'x-tc-content-sha256': 'UNSIGNED-PAYLOAD' },
    });
    expect((await response.json()).Response.Error).toBeUndefined();
  });
});

describe('the common errors, in the gateway’s order', () => {
  it('UnsupportedProtocol for a method other than GET and POST', async () => {
    const response = await fetch(`${base()}/`, {
      method: 'PUT',
      headers: { 'x-tc-action': 'DescribeRegions' },
    });
    expect(await errorOf(response)).toEqual(
      tencentError(
        'UnsupportedProtocol',
        'HTTP(S) request method `PUT` is not supported, only GET and POST are.',
      ),
    );
  });

  it('AuthFailure.InvalidAuthorization for an Authorization header not of the TC3 form', async () => {
    const response = await tc3(base(), { headers: { authorization: 'TC3-HMAC-SHA256 Credential=x' } });
    expect(await errorOf(response)).toEqual(
      tencentError(
        'AuthFailure.InvalidAuthorization',
        'Authorization header `TC3-HMAC-SHA256 Credential=x` is invalid.',
      ),
    );
  });

  it('AuthFailure.InvalidAuthorization when content-type or host is not signed', async () => {
    const response = await tc3(base(), {
      headers: {
        authorization: `TC3-HMAC-SHA256 Credential=${DEMO.secretId}/2026-01-01/cvm/tc3_request, SignedHeaders=host, Signature=00`,
      },
    });
    expect((await errorOf(response)).code).toBe('AuthFailure.InvalidAuthorization');
  });

  it('MissingParameter for a missing X-TC-Version', async () => {
    expect(await errorOf(await tc3(base(), { version: null }))).toEqual(
      tencentError('MissingParameter', 'The request is missing a required parameter `X-TC-Version`.'),
    );
  });

  it('InvalidAction for an action CVM has not', async () => {
    expect(await errorOf(await tc3(base(), { action: 'RunInstances' }))).toEqual(
      tencentError('InvalidAction', 'The request `Action` is invalid or not found.'),
    );
  });

  it('NoSuchVersion for another API version', async () => {
    expect(await errorOf(await tc3(base(), { version: '2018-01-01' }))).toEqual(
      tencentError(
        'NoSuchVersion',
        'The requested version `2018-01-01` of API `DescribeInstanceVncUrl` does not exist.',
      ),
    );
  });

  it('InvalidParameter for a timestamp that is not a number', async () => {
    const response = await tc3(base(), { headers: { 'x-tc-timestamp': 'yesterday' } });
    expect(await errorOf(response)).toEqual(
      tencentError('InvalidParameter', 'Parameter `X-TC-Timestamp` type error.'),
    );
  });

  it('AuthFailure.SignatureExpire more than five minutes either side of real time', async () => {
    const now = Math.floor(Date.now() / 1000);
    for (const timestampSeconds of [now - 301, now + 301]) {
      expect(await errorOf(await tc3(base(), { timestampSeconds }))).toEqual(
        tencentError('AuthFailure.SignatureExpire', 'The signature is expired, please request again.'),
      );
    }
    expect(
      (await (await tc3(base(), { timestampSeconds: now - 290 })).json()).Response.Error,
    ).toBeUndefined();
  });

  it('AuthFailure.SecretIdNotFound for an unknown or disabled key', async () => {
    for (const secretId of [
      'AKIDNOSUCHKEY000000000000000000000001',
      'AKIDDISABLED000000000000000000000001',
    ]) {
      expect(await errorOf(await tc3(base(), { secretId }))).toEqual(
        tencentError(
          'AuthFailure.SecretIdNotFound',
          'The SecretId is not found, please ensure that your SecretId is correct.',
        ),
      );
    }
  });

  it('AuthFailure.SignatureFailure for a wrong key, a changed body or a scope date not the timestamp’s', async () => {
    expect(await errorOf(await tc3(base(), { secretKey: 'wrong' }))).toEqual(SIGNATURE_FAILURE);
    const response = await fetch(`${base()}/`, {
      method: 'POST',
      headers: signedHeaders(),
      body: JSON.stringify({ InstanceId: IDS.stopped }),
    });
    expect(await errorOf(response)).toEqual(SIGNATURE_FAILURE);
    const yesterday = Math.floor(Date.now() / 1000) - 86_400;
    const now = Math.floor(Date.now() / 1000);
    const host = new URL(base()).host;
    const body = JSON.stringify({ InstanceId: IDS.running });
    const otherDay = signTc3(
      {
        method: 'POST',
        host,
        service: 'cvm',
        contentType: 'application/json',
        rawQuery: '',
        body,
        timestampSeconds: yesterday,
      },
      DEMO,
    ).replace(String(yesterday), String(now));
    expect(
      await errorOf(await tc3(base(), { body, timestampSeconds: now, headers: { authorization: otherDay } })),
    ).toEqual(SIGNATURE_FAILURE);
  });

  it('UnauthorizedOperation.InvalidToken for temporary credentials without their token, or a token on a permanent key', async () => {
    const temporary = { secretId: 'AKIDTEMPORARY00000000000000000000001', secretKey: 'temp' };
    const invalid = tencentError(
      'UnauthorizedOperation.InvalidToken',
      'The token is invalid, please check the `X-TC-Token` header.',
    );
    expect(await errorOf(await tc3(base(), temporary))).toEqual(invalid);
    expect(await errorOf(await tc3(base(), { headers: { 'x-tc-token': 'sts-token' } }))).toEqual(invalid);
    const ok = await tc3(base(), { ...temporary, headers: { 'x-tc-token': 'sts-token' } });
    expect((await ok.json()).Response.Error).toBeUndefined();
  });

  it('MissingParameter without a region, UnsupportedRegion for one the scenario has not', async () => {
    expect(await errorOf(await tc3(base(), { region: null }))).toEqual(
      tencentError('MissingParameter', 'The request is missing a required parameter `Region`.'),
    );
    expect(await errorOf(await tc3(base(), { region: 'eu-frankfurt' }))).toEqual(
      tencentError('UnsupportedRegion', 'The `Region` `eu-frankfurt` is not supported.'),
    );
    // DescribeRegions needs none.
    const regions = await tc3(base(), { action: 'DescribeRegions', body: '{}', region: null });
    expect((await regions.json()).Response.TotalCount).toBe(2);
  });
});

/** The signed headers of a TC3 call for demo-running, to send with another body. */
function signedHeaders(): Record<string, string> {
  const timestampSeconds = Math.floor(Date.now() / 1000);
  const body = JSON.stringify({ InstanceId: IDS.running });
  return {
    authorization: signTc3(
      {
        method: 'POST',
        host: new URL(base()).host,
        service: 'cvm',
        contentType: 'application/json',
        rawQuery: '',
        body,
        timestampSeconds,
      },
      DEMO,
    ),
    'content-type': 'application/json',
    'x-tc-action': 'DescribeInstanceVncUrl',
    'x-tc-timestamp': String(timestampSeconds),
    'x-tc-version': '2017-03-12',
    'x-tc-region': DEMO.region,
  };
}

describe('bad input, in Tencent’s shape', () => {
  it('a body that is not JSON is InvalidParameter', async () => {
    expect(await errorOf(await tc3(base(), { body: '{"InstanceId":' }))).toEqual(
      tencentError('InvalidParameter', 'The request body is not a valid JSON object.'),
    );
    expect((await errorOf(await tc3(base(), { body: '[1,2]' }))).code).toBe('InvalidParameter');
  });

  it('a parameter of the wrong type is InvalidParameter, a missing one MissingParameter, an unknown one UnknownParameter', async () => {
    expect(await errorOf(await tc3(base(), { body: '{"InstanceId":42}' }))).toEqual(
      tencentError('InvalidParameter', 'Parameter `InstanceId` type error.'),
    );
    expect(await errorOf(await tc3(base(), { body: '{}' }))).toEqual(
      tencentError('MissingParameter', 'The request is missing a required parameter `InstanceId`.'),
    );
    expect(
      await errorOf(await tc3(base(), { body: `{"InstanceId":"${IDS.running}","Force":true}` })),
    ).toEqual(tencentError('UnknownParameter', 'The parameter `Force` is not recognized.'));
    const limit = await tc3(base(), { action: 'DescribeInstances', body: '{"Limit":"ten"}' });
    expect(await errorOf(limit)).toEqual(tencentError('InvalidParameter', 'Parameter `Limit` type error.'));
  });

  it('a body over the limit is RequestSizeLimitExceeded', async () => {
    const body = JSON.stringify({ InstanceId: 'x'.repeat(70 * 1024) });
    expect(await errorOf(await tc3(base(), { body }))).toEqual(
      tencentError('RequestSizeLimitExceeded', 'The request size exceeds the limit `65536` bytes.'),
    );
  });
});

describe('the legacy HmacSHA1 / HmacSHA256 form', () => {
  const legacy = (
    params: Record<string, string>,
    method: 'GET' | 'POST' = 'GET',
    secretKey = DEMO.secretKey,
  ) => {
    const host = new URL(base()).host;
    const all: Record<string, string> = {
      Action: 'DescribeInstanceVncUrl',
      Version: '2017-03-12',
      SecretId: DEMO.secretId,
      Timestamp: String(Math.floor(Date.now() / 1000)),
      Nonce: String(Math.floor(Math.random() * 65536)),
      Region: DEMO.region,
      SignatureMethod: 'HmacSHA256',
      InstanceId: IDS.running,
      ...params,
    };
    const toSign = legacyStringToSign(method, `${host}/`, Object.entries(all));
    const signed = { ...all, Signature: legacySignature(secretKey, 'HmacSHA256', toSign), ...params };
    const form = new URLSearchParams(signed).toString();
    return method === 'GET'
      ? fetch(`${base()}/?${form}`)
      : fetch(`${base()}/`, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            'x-tc-traceid': crypto.randomUUID(),
          },
          body: form,
        });
  };

  it('answers a signed GET and a signed form POST', async () => {
    for (const method of ['GET', 'POST'] as const) {
      const body = (await (await legacy({}, method)).json()) as { Response: { InstanceVncUrl?: string } };
      expect(body.Response.InstanceVncUrl).toMatch(/^ws%3A%2F%2F/);
    }
  });

  it('MissingParameter for each common parameter, in order', async () => {
    const response = await fetch(`${base()}/?SecretId=${DEMO.secretId}&Nonce=1`);
    expect(await errorOf(response)).toEqual(
      tencentError('MissingParameter', 'The request is missing a required parameter `Action`.'),
    );
  });

  it('InvalidParameterValue for a SignatureMethod other than HmacSHA1 and HmacSHA256', async () => {
    expect(await errorOf(await legacy({ SignatureMethod: 'HmacMD5' }))).toEqual(
      tencentError(
        'InvalidParameterValue',
        'The value `HmacMD5` specified in the parameter `SignatureMethod` is not valid',
      ),
    );
  });

  it('InvalidParameter for a Nonce that is not a number', async () => {
    expect(await errorOf(await legacy({ Nonce: 'abc' }))).toEqual(
      tencentError('InvalidParameter', 'Parameter `Nonce` type error.'),
    );
  });

  it('AuthFailure.SignatureFailure for a wrong key and for a Nonce used again with the same Timestamp', async () => {
    expect(await errorOf(await legacy({}, 'GET', 'wrong'))).toEqual(SIGNATURE_FAILURE);
    const once = { Nonce: '4711', Timestamp: String(Math.floor(Date.now() / 1000)) };
    expect((await (await legacy(once)).json()).Response.Error).toBeUndefined();
    expect(await errorOf(await legacy(once))).toEqual(
      tencentError(
        'AuthFailure.SignatureFailure',
        'The `Nonce` `4711` has already been used, please request again.',
      ),
    );
  });
});
