import { describe, expect, it } from 'vitest';
import { renewTokenResponse, tokenStateResponse, tokensResponse } from '../../contracts/hpc/schemas.ts';
import { signAkSk } from '../../contracts/hpc/signer.ts';
import { decodeToken } from '../../contracts/hpc/token.ts';
import { useEmulator } from '../helpers.ts';
import { client, demoWith, envelopeError, frozenClock, NOON_CST } from './support.ts';

const NOON = Date.parse(NOON_CST);
const HOUR = 3_600_000;

describe('POST /ac/openapi/v2/tokens (获取访问凭证)', () => {
  const emulator = useEmulator({ clock: frozenClock() });
  const hpc = client(emulator);

  it('answers one token per region, then the platform token (ac, clusterId 0)', async () => {
    const answer = await hpc.call('POST', '/ac/openapi/v2/tokens', {
      user: 'demo',
      password: 'demo-password',
      orgId: 'demo-org',
    });
    expect(answer.status).toBe(200);
    const { data } = tokensResponse.parse(answer.body);
    expect(answer.body).toMatchObject({ code: '0', msg: 'success' });
    expect(data.map(({ clusterName, clusterId }) => ({ clusterName, clusterId }))).toEqual([
      { clusterName: 'OpenAPI计算中心', clusterId: '11112' },
      { clusterName: 'ac', clusterId: '0' },
    ]);
  });

  it('issues HS256 JWTs with the seed’s string claims, expireTime in ms on the emulator clock', async () => {
    const token = await hpc.regionToken();
    expect(JSON.parse(Buffer.from(token.split('.')[0] as string, 'base64url').toString())).toEqual({
      alg: 'HS256',
      typ: 'JWT',
    });
    expect(decodeToken(token)).toEqual({
      computeUser: 'demo',
      accountStatus: 'Trial',
      creator: 'ac',
      role: '1',
      expireTime: String(NOON + 12 * HOUR),
      clusterId: '11112',
      invoker: 'demo-org',
      user: 'demo',
      userId: '11655048541',
    });
  });

  it('reads header names case-insensitively (the docs’ curl sends orgid)', async () => {
    const answer = await hpc.call('POST', '/ac/openapi/v2/tokens', {
      USER: 'demo',
      Password: 'demo-password',
      orgid: 'demo-org',
    });
    expect(answer.body.code).toBe('0');
  });

  it('lists the regions of a disabled account with every token null', async () => {
    expect(await hpc.tokens('demo-disabled')).toEqual([
      { clusterName: 'OpenAPI计算中心', clusterId: '11112', token: null },
      { clusterName: 'ac', clusterId: '0', token: null },
    ]);
  });

  it('10003 参数不全 without orgId', async () => {
    const answer = await hpc.call('POST', '/ac/openapi/v2/tokens', {
      user: 'demo',
      password: 'demo-password',
    });
    expect(answer).toMatchObject(envelopeError('10003', '参数不全'));
  });

  it('10009 用户不存在 for an unknown user', async () => {
    const answer = await hpc.call('POST', '/ac/openapi/v2/tokens', {
      user: 'nobody',
      password: 'demo-password',
      orgId: 'demo-org',
    });
    expect(answer).toMatchObject(envelopeError('10009', '用户不存在'));
  });

  it('10008 权限不足 for a wrong password or an unknown orgId', async () => {
    const wrongPassword = await hpc.call('POST', '/ac/openapi/v2/tokens', {
      user: 'demo',
      password: 'wrong',
      orgId: 'demo-org',
    });
    expect(wrongPassword).toMatchObject(envelopeError('10008', '权限不足'));
    const wrongOrg = await hpc.call('POST', '/ac/openapi/v2/tokens', {
      user: 'demo',
      password: 'demo-password',
      orgId: 'other-org',
    });
    expect(wrongOrg).toMatchObject(envelopeError('10008', '权限不足'));
  });
});

describe('POST /api/user/v3/tokens (AK/SK)', () => {
  const emulator = useEmulator({ clock: frozenClock() });
  const hpc = client(emulator);
  const demoKey = { user: 'demo', accessKey: 'DEMOAKHPC0000000001', secretKey: 'demo-hpc-secret' };
  // A client signs with its own (real) time, whatever the frozen emulator clock says.
  const realNow = () => emulator.current.emulator.clock.realNow();
  const signed = (at = realNow()) => signAkSk(demoKey, at);

  it('answers the region list for a valid signature; the tokens carry no userId', async () => {
    const answer = await hpc.call('POST', '/api/user/v3/tokens', signed());
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ code: '0', msg: 'success' });
    const [region] = answer.body.data as Array<{ clusterId: string; token: string }>;
    expect(region?.clusterId).toBe('11112');
    const claims = decodeToken(region?.token as string);
    expect(claims).toMatchObject({ user: 'demo', clusterId: '11112', invoker: 'demo-org' });
    expect(claims).not.toHaveProperty('userId');
  });

  it('10003 参数不全 without a signature', async () => {
    const { signature: _, ...unsigned } = signed();
    expect(await hpc.call('POST', '/api/user/v3/tokens', unsigned)).toMatchObject(
      envelopeError('10003', '参数不全'),
    );
  });

  it('10004 参数无效 for a timestamp that is not whole seconds', async () => {
    const answer = await hpc.call('POST', '/api/user/v3/tokens', {
      ...signed(),
      timestamp: '2026-03-02T04:00:00Z',
    });
    expect(answer).toMatchObject(envelopeError('10004', '参数无效'));
  });

  it('10009 用户不存在 for an unknown user', async () => {
    const answer = await hpc.call(
      'POST',
      '/api/user/v3/tokens',
      signAkSk({ ...demoKey, user: 'nobody' }, NOON),
    );
    expect(answer).toMatchObject(envelopeError('10009', '用户不存在'));
  });

  it('10009 AK/SK签名校验失败 for a wrong SecretKey or an unknown AccessKey', async () => {
    const wrongSecret = await hpc.call(
      'POST',
      '/api/user/v3/tokens',
      signAkSk({ ...demoKey, secretKey: 'x' }, NOON),
    );
    expect(wrongSecret).toMatchObject(envelopeError('10009', 'AK/SK签名校验失败'));
    const unknownKey = await hpc.call(
      'POST',
      '/api/user/v3/tokens',
      signAkSk({ ...demoKey, accessKey: 'AKX' }, NOON),
    );
    expect(unknownKey).toMatchObject(envelopeError('10009', 'AK/SK签名校验失败'));
  });

  it('10009 校验失败 for a timestamp more than 300 s from real time, whatever the emulator clock says', async () => {
    const stale = await hpc.call('POST', '/api/user/v3/tokens', signed(realNow() - 301_000));
    expect(stale).toMatchObject(envelopeError('10009', '校验失败'));
    expect((await hpc.call('POST', '/api/user/v3/tokens', signed(realNow() - 299_000))).body.code).toBe('0');
    expect((await hpc.call('POST', '/api/user/v3/tokens', signed(NOON))).body.code).toBe('10009');
  });
});

describe('GET /ac/openapi/v2/tokens/state (校验token)', () => {
  const emulator = useEmulator({ clock: frozenClock() });
  const hpc = client(emulator);

  it('answers "token is valid" for a live region or platform token', async () => {
    for (const token of [await hpc.regionToken(), await hpc.platformToken()]) {
      const answer = await hpc.call('GET', '/ac/openapi/v2/tokens/state', { token });
      expect(answer.status).toBe(200);
      expect(tokenStateResponse.parse(answer.body)).toEqual({
        code: '0',
        msg: 'success',
        data: 'token is valid',
      });
    }
  });

  it('10003 参数不全 without a token header', async () => {
    expect(await hpc.call('GET', '/ac/openapi/v2/tokens/state')).toMatchObject(
      envelopeError('10003', '参数不全'),
    );
  });

  it('10008 权限不足 for a token that is not the platform’s', async () => {
    const forged = (await hpc.regionToken()).replace(/.{4}$/, 'AAAA');
    expect(await hpc.call('GET', '/ac/openapi/v2/tokens/state', { token: forged })).toMatchObject(
      envelopeError('10008', '权限不足'),
    );
    expect(await hpc.call('GET', '/ac/openapi/v2/tokens/state', { token: 'garbage' })).toMatchObject(
      envelopeError('10008', '权限不足'),
    );
  });

  it('10008 权限不足 once the emulator clock passes expireTime', async () => {
    const token = await hpc.regionToken();
    const expireTime = Number(decodeToken(token)?.expireTime);
    hpc.clock.set(expireTime - 1);
    expect((await hpc.call('GET', '/ac/openapi/v2/tokens/state', { token })).body.code).toBe('0');
    hpc.clock.advance(1);
    expect(await hpc.call('GET', '/ac/openapi/v2/tokens/state', { token })).toMatchObject(
      envelopeError('10008', '权限不足'),
    );
    hpc.clock.set(NOON);
  });
});

describe('POST /ac/openapi/v2/tokens/next (续约token)', () => {
  const emulator = useEmulator({ clock: frozenClock() });
  const hpc = client(emulator);

  it('answers a new token for the same region, valid from now', async () => {
    const token = await hpc.regionToken();
    hpc.clock.advance('1h');
    const answer = await hpc.call('POST', '/ac/openapi/v2/tokens/next', { token });
    const renewed = renewTokenResponse.parse(answer.body).data as string;
    expect(answer.body).toMatchObject({ code: '0', msg: 'success' });
    expect(decodeToken(renewed)).toMatchObject({ clusterId: '11112', expireTime: String(NOON + 13 * HOUR) });
    hpc.clock.set(NOON);
  });

  it('renews a token expired less than 24 h ago', async () => {
    const token = await hpc.regionToken();
    hpc.clock.set(Number(decodeToken(token)?.expireTime) + 24 * HOUR);
    const answer = await hpc.call('POST', '/ac/openapi/v2/tokens/next', { token });
    expect(answer.body.code).toBe('0');
    expect(
      (await hpc.call('GET', '/ac/openapi/v2/tokens/state', { token: answer.body.data as string })).body.code,
    ).toBe('0');
    hpc.clock.set(NOON);
  });

  it('10008 权限不足 more than 24 h after expiry', async () => {
    const token = await hpc.regionToken();
    hpc.clock.set(Number(decodeToken(token)?.expireTime) + 24 * HOUR + 1);
    expect(await hpc.call('POST', '/ac/openapi/v2/tokens/next', { token })).toMatchObject(
      envelopeError('10008', '权限不足'),
    );
    hpc.clock.set(NOON);
  });

  it('10003 参数不全 without a token header', async () => {
    expect(await hpc.call('POST', '/ac/openapi/v2/tokens/next')).toMatchObject(
      envelopeError('10003', '参数不全'),
    );
  });
});

describe('POST /ac/openapi/v2/tokens/next with renewResponse "list"', () => {
  const emulator = useEmulator({ clock: frozenClock(), scenario: demoWith({ renewResponse: 'list' }) });
  const hpc = client(emulator);

  it('answers the region list, as the doc table reads', async () => {
    const answer = await hpc.call('POST', '/ac/openapi/v2/tokens/next', { token: await hpc.regionToken() });
    const data = answer.body.data as Array<{ clusterId: string; token: string }>;
    expect(data.map((r) => r.clusterId)).toEqual(['11112', '0']);
  });
});
