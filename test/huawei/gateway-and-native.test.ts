import { describe, expect, it } from 'vitest';
import { signRequest } from '../../contracts/huawei/signer.ts';
import { useEmulator } from '../helpers.ts';
import { consolesPath, demo, iamToken } from './support.ts';

const VNC = JSON.stringify({ remote_console: { protocol: 'vnc', type: 'novnc' } });

describe('AK/SK (SDK-HMAC-SHA256) through the API gateway', () => {
  const emu = useEmulator();
  const signed = (
    path: string,
    options: {
      secret?: string;
      accessKeyId?: string;
      at?: number;
      body?: string;
      headers?: Record<string, string>;
    } = {},
  ) => {
    const url = `${emu.current.url}${path}`;
    const body = options.body ?? VNC;
    const headers = signRequest(
      {
        method: 'POST',
        url,
        headers: { 'Content-Type': 'application/json', 'X-Project-Id': demo.projectId, ...options.headers },
        body,
      },
      {
        accessKeyId: options.accessKeyId ?? demo.accessKeyId,
        secretAccessKey: options.secret ?? demo.secretAccessKey,
      },
      options.at ?? emu.current.emulator.clock.realNow(),
    );
    return fetch(url, { method: 'POST', headers, body });
  };
  const apigw = async (response: Response, message: string) => {
    expect(response.status).toBe(401);
    const body = (await response.json()) as Record<string, string>;
    expect(body).toEqual({
      error_msg: message,
      error_code: 'APIGW.0301',
      request_id: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    expect(response.headers.get('x-request-id')).toBe(body.request_id);
  };

  it('a correctly signed Nova request gets a console URL', async () => {
    const response = await signed(consolesPath(demo.active), {
      headers: { 'X-OpenStack-Nova-API-Version': '2.6' },
    });
    expect(response.status).toBe(200);
    expect(emu.current.emulator.journal.last()).toMatchObject({
      operation: 'remoteConsoles',
      credential: demo.accessKeyId,
    });
  });

  it('verifies over the request’s own SignedHeaders (Go SDK style, without content-type)', async () => {
    const url = `${emu.current.url}${consolesPath(demo.active)}`;
    const headers = signRequest(
      { method: 'POST', url, headers: { 'X-Project-Id': demo.projectId }, body: VNC },
      { accessKeyId: demo.accessKeyId, secretAccessKey: demo.secretAccessKey },
      emu.current.emulator.clock.realNow(),
    );
    const response = await fetch(url, {
      method: 'POST',
      headers: { ...headers, 'Content-Type': 'application/json', 'X-OpenStack-Nova-API-Version': '2.6' },
      body: VNC,
    });
    expect(response.status).toBe(200);
  });

  it('a wrong secret is APIGW.0301 verify aksk signature fail', async () => {
    await apigw(
      await signed(consolesPath(demo.active), { secret: 'wrong' }),
      'Incorrect IAM authentication information: verify aksk signature fail',
    );
  });

  it('an unknown AK names it', async () => {
    await apigw(
      await signed(consolesPath(demo.active), { accessKeyId: 'NOSUCHAK' }),
      'Incorrect IAM authentication information: Get secretKey failed,ak:NOSUCHAK,err:ak not exist',
    );
  });

  it('a body changed after signing fails', async () => {
    const url = `${emu.current.url}${consolesPath(demo.active)}`;
    const headers = signRequest(
      { method: 'POST', url, headers: { 'Content-Type': 'application/json' }, body: VNC },
      { accessKeyId: demo.accessKeyId, secretAccessKey: demo.secretAccessKey },
      emu.current.emulator.clock.realNow(),
    );
    const response = await fetch(url, { method: 'POST', headers, body: `${VNC} ` });
    await apigw(response, 'Incorrect IAM authentication information: verify aksk signature fail');
  });

  it('a request verified once is refused when sent again with its body, a signed header or its path changed', async () => {
    const url = `${emu.current.url}${consolesPath(demo.active)}`;
    const headers = signRequest(
      {
        method: 'POST',
        url,
        headers: { 'Content-Type': 'application/json', 'X-OpenStack-Nova-API-Version': '2.6' },
        body: VNC,
      },
      { accessKeyId: demo.accessKeyId, secretAccessKey: demo.secretAccessKey },
      emu.current.emulator.clock.realNow(),
    );
    const send = (to: string, body: string, extra: Record<string, string> = {}) =>
      fetch(to, { method: 'POST', headers: { ...headers, ...extra }, body });
    const refused = 'Incorrect IAM authentication information: verify aksk signature fail';
    expect((await send(url, VNC)).status).toBe(200);
    await apigw(await send(url, VNC.replace('novnc', 'xvpvnc')), refused);
    await apigw(await send(url, VNC, { 'X-OpenStack-Nova-API-Version': '2.8' }), refused);
    await apigw(await send(`${emu.current.url}${consolesPath(demo.shutoff)}`, VNC), refused);
    expect((await send(url, VNC)).status).toBe(200);
  });

  it.each([
    ['16 minutes old', -16 * 60_000],
    ['16 minutes ahead', 16 * 60_000],
  ])('an X-Sdk-Date %s is refused', async (_label, skew) => {
    await apigw(
      await signed(consolesPath(demo.active), { at: emu.current.emulator.clock.realNow() + skew }),
      'Incorrect IAM authentication information: verify aksk signature fail',
    );
  });

  it('an X-Sdk-Date 14 minutes old is accepted', async () => {
    const response = await signed(consolesPath(demo.active), {
      at: emu.current.emulator.clock.realNow() - 14 * 60_000,
      headers: { 'X-OpenStack-Nova-API-Version': '2.6' },
    });
    expect(response.status).toBe(200);
  });
});

describe('Huawei native POST /v1/{project_id}/cloudservers/{server_id}/remote_console', () => {
  const emu = useEmulator();
  const path = (server: string, project = demo.projectId) =>
    `/v1/${project}/cloudservers/${server}/remote_console`;
  const post = (p: string, headers: Record<string, string>, body = VNC) =>
    fetch(`${emu.current.url}${p}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body,
    });
  const ecsError = async (response: Response, status: number, code: string, message: string) => {
    expect(response.status).toBe(status);
    expect(await response.json()).toEqual({ error: { code, message } });
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f]{32}$/);
  };

  it('answers a URL with &lang=EN&tLength=70 and X-Request-Id', async () => {
    const response = await post(path(demo.active), { 'X-Auth-Token': await iamToken(emu.current.url) });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f]{32}$/);
    const { remote_console } = (await response.json()) as {
      remote_console: { url: string; protocol: string; type: string };
    };
    expect(remote_console).toMatchObject({ protocol: 'vnc', type: 'novnc' });
    expect(remote_console.url).toMatch(
      new RegExp(`^${emu.current.url}/vnc_auto\\.html\\?token=[0-9a-f-]{36}&lang=EN&tLength=70$`),
    );
  });

  it('no credentials: APIGW.0301 x-auth-token not found', async () => {
    const response = await post(path(demo.active), {});
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({
      error_code: 'APIGW.0301',
      error_msg: 'Incorrect IAM authentication information: x-auth-token not found',
    });
  });

  it('an unknown token: APIGW.0301 decrypt token fail', async () => {
    const response = await post(path(demo.active), { 'X-Auth-Token': 'MIIbogus' });
    expect(await response.json()).toMatchObject({
      error_code: 'APIGW.0301',
      error_msg: 'Incorrect IAM authentication information: decrypt token fail',
    });
  });

  it.each([
    ['a body that is not JSON', demo.active, '{', 400, 'Ecs.0005', 'request body is illegal.'],
    [
      'a type other than novnc',
      demo.active,
      JSON.stringify({ remote_console: { protocol: 'vnc', type: 'spice-html5' } }),
      400,
      'Ecs.0005',
      'request body is illegal.',
    ],
    [
      'an unknown server',
      '00000000-0000-4000-8000-000000000000',
      VNC,
      404,
      'Ecs.0114',
      'Instance[00000000-0000-4000-8000-000000000000] could not be found.',
    ],
    [
      'a building server',
      demo.building,
      VNC,
      400,
      'Ecs.0100',
      'The ECS status does not meet requirements. Make the ECS in the required status and try again.',
    ],
  ])('%s is %s %s', async (_label, server, body, status, code, message) => {
    await ecsError(
      await post(path(server), { 'X-Auth-Token': await iamToken(emu.current.url) }, body),
      status,
      code,
      message,
    );
  });

  it("a URL project that is not the credential's is Ecs.0003", async () => {
    await ecsError(
      await post(path(demo.active, demo.otherProjectId), { 'X-Auth-Token': await iamToken(emu.current.url) }),
      403,
      'Ecs.0003',
      'You do not have permission to perform this operation. Contact customer service to obtain permission.',
    );
  });

  it("a role Nova's policy refuses (demo-reader) is Ecs.0003, as on Nova's own route", async () => {
    await ecsError(
      await post(path(demo.active), {
        'X-Auth-Token': await iamToken(emu.current.url, { user: 'demo-reader' }),
      }),
      403,
      'Ecs.0003',
      'You do not have permission to perform this operation. Contact customer service to obtain permission.',
    );
  });

  it('an unknown native path is APIGW.0101', async () => {
    const response = await post(`/v1/${demo.projectId}/cloudservers/${demo.active}/nothing`, {});
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({
      error_code: 'APIGW.0101',
      error_msg: 'The API does not exist or has not been published in the environment',
    });
  });

  it('an expired token: APIGW.0307', async () => {
    const token = await iamToken(emu.current.url);
    emu.current.emulator.clock.advance('25h');
    const response = await post(path(demo.active), { 'X-Auth-Token': token });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({
      error_code: 'APIGW.0307',
      error_msg: 'The token must be updated.',
    });
  });
});
