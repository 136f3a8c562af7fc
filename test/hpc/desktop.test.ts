import { describe, expect, it } from 'vitest';
import { hpcDemo } from '../../contracts/hpc/demo.ts';
import { decodeMm, joinLaunchUrl, parseLaunchUrl } from '../../contracts/hpc/launchurl.ts';
import {
  createVncSessionResponse,
  deleteVncSessionResponse,
  launchUrlResponse,
  listVncSessionsResponse,
} from '../../contracts/hpc/schemas.ts';
import { useEmulator } from '../helpers.ts';
import { type Answer, client, demoWith, envelopeError, frozenClock, NOON_CST } from './support.ts';

const VNC = '/hpc/openapi/v2/desktop/vnc';
const DEMO_SESSION = 'gv101--demo--SIG--4';
const OTHER_SESSION = 'gv102--demo_other--SIG--1';
const launchUrlOf = (id: string) => `${VNC}/${id}/launchurl`;
const novncUrlOf = (answer: Answer) => (answer.body.data as { novncUrl: string }).novncUrl;
/** The seed's form: `/vnc.html?path=/vncws?token=<v1 uuid>&mm=<one base64 block>&resize=remote`. */
const NOVNC_URL =
  /^\/vnc\.html\?path=\/vncws\?token=[0-9a-f]{8}-[0-9a-f]{4}-1[0-9a-f]{3}-[89ab][0-9a-f]{3}-525400[0-9a-f]{6}&mm=[A-Za-z0-9+/]{22}==&resize=remote$/;

describe('PUT /hpc/openapi/v2/desktop/vnc (创建VNC会话)', () => {
  const emulator = useEmulator({ clock: frozenClock(), scenario: demoWith({}, { sessions: [] }) });
  const hpc = client(emulator);

  it('creates the user’s session on the least-loaded VNC node, lowest display first', async () => {
    const answer = await hpc.call('PUT', VNC, { token: await hpc.regionToken() });
    expect(answer.status).toBe(200);
    expect(createVncSessionResponse.parse(answer.body)).toEqual({
      code: '0',
      msg: 'success',
      data: {
        sessionId: 'gv101--demo--SIG--1',
        hostName: 'gv101',
        displayNumber: '1',
        port: '5901',
        userName: 'demo',
        sessionType: 'SIG',
        status: 'RUNNING',
        createTime: '2026-03-02 12:00:00',
      },
    });
    const other = await hpc.call('PUT', VNC, { token: await hpc.regionToken('demo-other') });
    expect((other.body.data as { sessionId: string }).sessionId).toBe('gv102--demo_other--SIG--1');
  });

  it('answers the existing session when called again: one session per user', async () => {
    const token = await hpc.regionToken();
    const again = await hpc.call('PUT', VNC, { token });
    expect((again.body.data as { sessionId: string }).sessionId).toBe('gv101--demo--SIG--1');
    expect(hpc.model.sessions.size).toBe(2);
  });

  it('ignores a request body, even malformed JSON (the docs send an empty text/plain one)', async () => {
    const answer = await hpc.call(
      'PUT',
      VNC,
      { token: await hpc.regionToken(), 'Content-Type': 'application/json' },
      '{"not json',
    );
    expect(answer.body.code).toBe('0');
  });

  it('10003 参数不全 without a token header', async () => {
    expect(await hpc.call('PUT', VNC)).toMatchObject(envelopeError('10003', '参数不全'));
  });

  it('10008 权限不足 for the platform token (clusterId 0)', async () => {
    expect(await hpc.call('PUT', VNC, { token: await hpc.platformToken() })).toMatchObject(
      envelopeError('10008', '权限不足'),
    );
  });

  it('10012 内容大小超限 for a body over the size limit', async () => {
    const answer = await hpc.call(
      'PUT',
      VNC,
      { token: await hpc.regionToken() },
      'x'.repeat(1024 * 1024 + 1),
    );
    expect(answer).toMatchObject(envelopeError('10012', '内容大小超限'));
  });
});

describe('PUT /hpc/openapi/v2/desktop/vnc when every VNC node is overloaded', () => {
  const [cluster] = hpcDemo.clusters;
  const emulator = useEmulator({
    clock: frozenClock(),
    scenario: demoWith(
      {},
      {
        clusters: [
          {
            ...cluster,
            id: '11112',
            name: 'OpenAPI计算中心',
            vncNodes: [{ name: 'gv101', overloaded: true }],
          },
        ],
        sessions: [{ clusterId: '11112', user: 'demo', node: 'gv101', display: 4 }],
      },
    ),
  });
  const hpc = client(emulator);

  it('815201 所有VNC节点均过载或者SSH不通，VNC会话创建失败 for a user without a session', async () => {
    expect(await hpc.call('PUT', VNC, { token: await hpc.regionToken('demo-other') })).toMatchObject(
      envelopeError('815201', '所有VNC节点均过载或者SSH不通，VNC会话创建失败'),
    );
  });

  it('still answers an existing session', async () => {
    const answer = await hpc.call('PUT', VNC, { token: await hpc.regionToken() });
    expect((answer.body.data as { sessionId: string }).sessionId).toBe(DEMO_SESSION);
  });

  it('creates again once a node is back (a runtime switch)', async () => {
    const node = hpc.model.clusters.get('11112')?.vncNodes[0];
    if (node) node.overloaded = false;
    const answer = await hpc.call('PUT', VNC, { token: await hpc.regionToken('demo-other') });
    expect((answer.body.data as { sessionId: string }).sessionId).toBe('gv101--demo_other--SIG--1');
  });
});

describe('GET /hpc/openapi/v2/desktop/vnc (查询VNC会话列表)', () => {
  const emulator = useEmulator({ clock: frozenClock() });
  const hpc = client(emulator);

  it('lists the caller’s own sessions only', async () => {
    const answer = listVncSessionsResponse.parse(
      (await hpc.call('GET', VNC, { token: await hpc.regionToken() })).body,
    );
    expect(answer.data.map((s) => s.sessionId)).toEqual([DEMO_SESSION]);
    const other = listVncSessionsResponse.parse(
      (await hpc.call('GET', VNC, { token: await hpc.regionToken('demo-other') })).body,
    );
    expect(other.data.map((s) => s.sessionId)).toEqual([OTHER_SESSION]);
  });

  it('10008 权限不足 once the token has expired on the emulator clock', async () => {
    const token = await hpc.regionToken();
    hpc.clock.advance('12h');
    expect(await hpc.call('GET', VNC, { token })).toMatchObject(envelopeError('10008', '权限不足'));
    hpc.clock.set(NOON_CST);
  });
});

describe('launch tokens with a lifetime (settings.launchTokenTtlSeconds)', () => {
  const emulator = useEmulator({ clock: frozenClock(), scenario: demoWith({ launchTokenTtlSeconds: 3600 }) });
  const hpc = client(emulator);

  it('expire after that long on the emulator clock', async () => {
    const token = await hpc.regionToken();
    const launch = parseLaunchUrl(novncUrlOf(await hpc.call('GET', launchUrlOf(DEMO_SESSION), { token })));
    hpc.clock.advance('59m59s');
    expect(hpc.model.launchTokens.get(launch?.token as string)).toBeDefined();
    hpc.clock.advance('1s');
    expect(hpc.model.launchTokens.get(launch?.token as string)).toBeUndefined();
  });
});

describe('GET /hpc/openapi/v2/desktop/vnc/{sessionId}/launchurl (获取VNC会话打开地址)', () => {
  const emulator = useEmulator({ clock: frozenClock() });
  const hpc = client(emulator);

  it('answers a relative noVNC URL of the seed’s form, withDomain false', async () => {
    const answer = launchUrlResponse.parse(
      (await hpc.call('GET', launchUrlOf(DEMO_SESSION), { token: await hpc.regionToken() })).body,
    );
    expect(answer).toMatchObject({ code: '0', msg: 'success', data: { withDomain: false } });
    expect(answer.data.novncUrl).toMatch(NOVNC_URL);
  });

  it('records the token with the session and its VNC password, which mm carries', async () => {
    const answer = await hpc.call('GET', launchUrlOf(DEMO_SESSION), { token: await hpc.regionToken() });
    const novncUrl = novncUrlOf(answer);
    const parsed = parseLaunchUrl(novncUrl);
    const stored = hpc.model.launchTokens.get(parsed?.token as string);
    expect(stored).toMatchObject({
      sessionId: DEMO_SESSION,
      clusterId: '11112',
      user: 'demo',
      vncPassword: 'demovnc1',
      novncUrl,
      expiresAt: Number.MAX_SAFE_INTEGER,
    });
    expect(decodeMm(parsed?.mm as string, 'console-emulator')).toBe('demovnc1');
  });

  it('issues a new token per call, each living as long as its session', async () => {
    const token = await hpc.regionToken();
    const first = parseLaunchUrl(novncUrlOf(await hpc.call('GET', launchUrlOf(DEMO_SESSION), { token })));
    hpc.clock.advance('1ms');
    const second = parseLaunchUrl(novncUrlOf(await hpc.call('GET', launchUrlOf(DEMO_SESSION), { token })));
    expect(first?.token).not.toBe(second?.token);
    hpc.clock.advance('30d');
    expect(hpc.model.launchTokens.get(first?.token as string)).toBeDefined();
    hpc.clock.set(NOON_CST);
  });

  it('joins to the hpcUrls entry’s origin into a URL on the emulator', async () => {
    const token = await hpc.regionToken();
    const center = await hpc.call('GET', '/ac/openapi/v2/center', { token });
    const hpcUrl = (center.body.data as { hpcUrls: Array<{ url: string }> }).hpcUrls[0]?.url as string;
    const launch = (await hpc.call('GET', launchUrlOf(DEMO_SESSION), { token })).body.data as {
      novncUrl: string;
      withDomain: boolean;
    };
    expect(joinLaunchUrl(hpcUrl, launch)).toBe(`${emulator.current.url}${launch.novncUrl}`);
  });

  it('10003 参数不全 without a token header', async () => {
    expect(await hpc.call('GET', launchUrlOf(DEMO_SESSION))).toMatchObject(
      envelopeError('10003', '参数不全'),
    );
  });

  it('10004 参数无效 for a malformed session id', async () => {
    const token = await hpc.regionToken();
    for (const id of ['not-a-session', 'gv101--demo--SIG--four', 'gv101--demo--SIG', '--demo--SIG--4']) {
      expect(await hpc.call('GET', launchUrlOf(id), { token })).toMatchObject(
        envelopeError('10004', '参数无效'),
      );
    }
  });

  it('10004 参数无效 for a well-formed id with no session', async () => {
    const answer = await hpc.call('GET', launchUrlOf('gv101--demo--SIG--9'), {
      token: await hpc.regionToken(),
    });
    expect(answer).toMatchObject(envelopeError('10004', '参数无效'));
  });

  it('10008 权限不足 for another user’s session', async () => {
    const answer = await hpc.call('GET', launchUrlOf(OTHER_SESSION), { token: await hpc.regionToken() });
    expect(answer).toMatchObject(envelopeError('10008', '权限不足'));
  });

  it('10008 权限不足 once the emulator clock passes the token’s expireTime', async () => {
    const token = await hpc.regionToken();
    hpc.clock.advance('12h');
    expect(await hpc.call('GET', launchUrlOf(DEMO_SESSION), { token })).toMatchObject(
      envelopeError('10008', '权限不足'),
    );
    hpc.clock.set(NOON_CST);
  });
});

describe('GET …/launchurl with launchUrlWithDomain and percent-encoded mm', () => {
  const emulator = useEmulator({
    clock: frozenClock(),
    publicUrl: 'https://hpc.example.test:65106',
    scenario: demoWith({ launchUrlWithDomain: true, mmEncoding: 'percent' }),
  });
  const hpc = client(emulator);

  it('answers an absolute URL on the public URL, withDomain true', async () => {
    const answer = await hpc.call('GET', launchUrlOf(DEMO_SESSION), { token: await hpc.regionToken() });
    const data = answer.body.data as { novncUrl: string; withDomain: boolean };
    expect(data.withDomain).toBe(true);
    expect(data.novncUrl).toMatch(
      /^https:\/\/hpc\.example\.test:65106\/vnc\.html\?path=\/vncws\?token=[0-9a-f-]{36}&mm=cKUgnghQKYsSI3xSZBjCIA%3D%3D&resize=remote$/,
    );
    expect(joinLaunchUrl('https://elsewhere.test/hpc', data)).toBe(data.novncUrl);
  });
});

describe('DELETE /hpc/openapi/v2/desktop/vnc/{sessionId} (删除VNC会话)', () => {
  const emulator = useEmulator({ clock: frozenClock() });
  const hpc = client(emulator);

  it('10008 权限不足 for another user’s session', async () => {
    const answer = await hpc.call('DELETE', `${VNC}/${OTHER_SESSION}`, { token: await hpc.regionToken() });
    expect(answer).toMatchObject(envelopeError('10008', '权限不足'));
  });

  it('10004 参数无效 for a malformed session id', async () => {
    const answer = await hpc.call('DELETE', `${VNC}/gv101-demo-SIG-4`, { token: await hpc.regionToken() });
    expect(answer).toMatchObject(envelopeError('10004', '参数无效'));
  });

  it('deletes the session and revokes its launch URLs', async () => {
    const token = await hpc.regionToken();
    const launch = parseLaunchUrl(novncUrlOf(await hpc.call('GET', launchUrlOf(DEMO_SESSION), { token })));
    const answer = await hpc.call('DELETE', `${VNC}/${DEMO_SESSION}`, { token });
    expect(answer.status).toBe(200);
    expect(deleteVncSessionResponse.parse(answer.body)).toEqual({ code: '0', msg: 'success', data: {} });
    expect((await hpc.call('GET', VNC, { token })).body.data).toEqual([]);
    expect(hpc.model.launchTokens.get(launch?.token as string)).toBeUndefined();
  });

  it('815010 桌面会话不存在，删除失败 for a session that does not exist', async () => {
    const answer = await hpc.call('DELETE', `${VNC}/${DEMO_SESSION}`, { token: await hpc.regionToken() });
    expect(answer).toMatchObject(envelopeError('815010', '桌面会话不存在，删除失败'));
  });
});

describe('desktop service failure (faults.desktopService)', () => {
  const emulator = useEmulator({
    clock: frozenClock(),
    scenario: demoWith({ faults: { desktopService: true } }),
  });
  const hpc = client(emulator);

  it('815008 桌面服务异常 on every desktop operation', async () => {
    const token = await hpc.regionToken();
    for (const [method, path] of [
      ['PUT', VNC],
      ['GET', VNC],
      ['GET', launchUrlOf(DEMO_SESSION)],
      ['DELETE', `${VNC}/${DEMO_SESSION}`],
    ] as const) {
      expect(await hpc.call(method, path, { token })).toMatchObject(envelopeError('815008', '桌面服务异常'));
    }
  });

  it('clears at run time', async () => {
    hpc.model.settings.faults.desktopService = false;
    expect((await hpc.call('GET', VNC, { token: await hpc.regionToken() })).body.code).toBe('0');
  });
});

describe('per-token rate limit (settings.rateLimit)', () => {
  const emulator = useEmulator({
    clock: frozenClock(),
    scenario: demoWith({ rateLimit: { requests: 2, windowSeconds: 60 } }),
  });
  const hpc = client(emulator);

  it('10011 调用频次过高 past the limit, per token, until the window ends', async () => {
    const token = await hpc.regionToken();
    expect((await hpc.call('GET', VNC, { token })).body.code).toBe('0');
    expect((await hpc.call('GET', launchUrlOf(DEMO_SESSION), { token })).body.code).toBe('0');
    expect(await hpc.call('GET', VNC, { token })).toMatchObject(envelopeError('10011', '调用频次过高'));
    expect((await hpc.call('GET', VNC, { token: await hpc.regionToken('demo-other') })).body.code).toBe('0');
    hpc.clock.advance('60s');
    expect((await hpc.call('GET', VNC, { token })).body.code).toBe('0');
    hpc.clock.set(NOON_CST);
  });
});

describe('idle session cleanup at 01:00 CST (idleCleanupHour)', () => {
  const emulator = useEmulator({ clock: frozenClock() });
  const hpc = client(emulator);

  it('keeps a session touched within 24 h, removes it at the next 01:00 after that', async () => {
    // Started 2026-03-02 12:00 CST: the 03-03 01:00 cleanup is within 24 h of it, the 03-04 one is not.
    hpc.clock.set('2026-03-03T17:00:00.000Z');
    const token = await hpc.regionToken('demo-other');
    hpc.clock.set('2026-03-03T16:59:59.999Z');
    expect((await hpc.call('GET', VNC, { token })).body.data).toHaveLength(1);
    hpc.clock.set('2026-03-03T17:00:00.000Z');
    expect((await hpc.call('GET', VNC, { token })).body.data).toEqual([]);
  });
});

describe('the wire: unknown paths, wrong methods, unexpected failures', () => {
  const emulator = useEmulator({ clock: frozenClock() });
  const hpc = client(emulator);

  it('HTTP 404 for an unknown path (observed: GET /hpc/openapi/v2/queue)', async () => {
    const answer = await hpc.call('GET', '/hpc/openapi/v2/queue');
    expect(answer).toEqual({
      status: 404,
      headers: answer.headers,
      body: {
        timestamp: '2026-03-02T04:00:00.000+00:00',
        status: 404,
        error: 'Not Found',
        path: '/hpc/openapi/v2/queue',
      },
    });
  });

  it('HTTP 405 with Allow for a wrong method', async () => {
    const launch = await hpc.call('POST', launchUrlOf(DEMO_SESSION));
    expect(launch.status).toBe(405);
    expect(launch.headers.get('allow')).toBe('GET');
    expect(launch.body).toMatchObject({ status: 405, error: 'Method Not Allowed' });
    const tokens = await hpc.call('GET', '/ac/openapi/v2/tokens');
    expect([tokens.status, tokens.headers.get('allow')]).toEqual([405, 'POST']);
    const vnc = await hpc.call('POST', VNC);
    expect([vnc.status, vnc.headers.get('allow')]).toEqual([405, 'GET, PUT']);
  });

  it('10012 内容大小超限 on the token route too', async () => {
    const answer = await hpc.call(
      'POST',
      '/ac/openapi/v2/tokens',
      { user: 'demo', password: 'demo-password', orgId: 'demo-org' },
      'x'.repeat(1024 * 1024 + 1),
    );
    expect(answer).toMatchObject(envelopeError('10012', '内容大小超限'));
  });

  it('journals operation and credential', async () => {
    await hpc.call('GET', launchUrlOf(DEMO_SESSION), { token: await hpc.regionToken() });
    expect(emulator.current.emulator.journal.last()).toMatchObject({
      provider: 'hpc',
      operation: 'getVncLaunchUrl',
      credential: 'demo@11112',
      status: 200,
    });
  });

  it('10001 内部错误 for an unexpected failure, never a stack trace', async () => {
    // A scenario key broken at run time makes sealing `mm` throw inside the model.
    hpc.model.settings.mmKey = 'too short';
    const answer = await hpc.call('GET', launchUrlOf(DEMO_SESSION), { token: await hpc.regionToken() });
    expect(answer).toMatchObject(envelopeError('10001', '内部错误'));
    hpc.model.settings.mmKey = 'console-emulator';
  });
});
