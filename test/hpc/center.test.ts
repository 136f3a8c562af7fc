import { describe, expect, it } from 'vitest';
import { centerResponse } from '../../contracts/hpc/schemas.ts';
import { useEmulator } from '../helpers.ts';
import { client, demoWith, envelopeError, frozenClock, NOON_CST } from './support.ts';

describe('GET /ac/openapi/v2/center (获取授权区域)', () => {
  const emulator = useEmulator({ clock: frozenClock() });
  const hpc = client(emulator);

  it('describes the token’s region with URLs on the emulator, booleans as strings', async () => {
    const answer = await hpc.call('GET', '/ac/openapi/v2/center', { token: await hpc.regionToken() });
    expect(answer.status).toBe(200);
    const body = centerResponse.parse(answer.body);
    const base = emulator.current.url;
    expect(body).toMatchObject({ code: '0', msg: 'success' });
    expect(body.data).toEqual({
      id: 11112,
      name: 'OpenAPI计算中心',
      description: '对外OpenAPI中心',
      clusterUserInfo: { userName: 'demo', homePath: '/public/home/demo' },
      ingressUrls: [{ enable: 'true', isManagerNode: 'true', version: '5.2.2', url: base }],
      efileUrls: [
        {
          nodeName: 'h04r3n07',
          enable: 'true',
          fastTransEnable: 'true',
          udpPort: '65104',
          version: '2.6.1',
          url: `${base}/efile`,
        },
      ],
      eshellUrls: [{ enable: 'true', version: '2.4.3', url: `${base}/eshell` }],
      hpcUrls: [{ enable: 'true', isManagerNode: 'true', version: '5.2.2', url: `${base}/hpc` }],
      aiUrls: [{ enable: 'true', version: '2.4.3', url: `${base}/ai` }],
    });
  });

  it('10001 内部错误 with a string data for the platform token (observed)', async () => {
    const answer = await hpc.call('GET', '/ac/openapi/v2/center', { token: await hpc.platformToken() });
    expect(answer).toMatchObject({ status: 200, body: { code: '10001', msg: '内部错误', data: '' } });
  });

  it('10003 参数不全 without a token header', async () => {
    expect(await hpc.call('GET', '/ac/openapi/v2/center')).toMatchObject(envelopeError('10003', '参数不全'));
  });

  it('10008 权限不足 once the token has expired on the emulator clock', async () => {
    const token = await hpc.regionToken();
    hpc.clock.advance('12h');
    expect(await hpc.call('GET', '/ac/openapi/v2/center', { token })).toMatchObject(
      envelopeError('10008', '权限不足'),
    );
    hpc.clock.set(NOON_CST);
  });
});

describe('GET /ac/openapi/v2/center with --public-url and the older bare hpcUrls', () => {
  const emulator = useEmulator({
    clock: frozenClock(),
    publicUrl: 'https://hpc.example.test:65106',
    scenario: demoWith({ hpcUrlSuffix: '' }),
  });
  const hpc = client(emulator);

  it('writes the public URL, without the /hpc suffix', async () => {
    const answer = centerResponse.parse(
      (await hpc.call('GET', '/ac/openapi/v2/center', { token: await hpc.regionToken() })).body,
    );
    expect(answer.data.hpcUrls[0]?.url).toBe('https://hpc.example.test:65106');
    expect(answer.data.aiUrls[0]?.url).toBe('https://hpc.example.test:65106');
  });
});
