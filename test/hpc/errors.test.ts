import { request as httpRequest } from 'node:http';
import { describe, expect, it } from 'vitest';
import { useEmulator } from '../helpers.ts';
import { client, demoWith, envelopeError, frozenClock } from './support.ts';

const LAUNCH = '/hpc/openapi/v2/desktop/vnc/gv101--demo--SIG--4/launchurl';
const MB = 1024 * 1024;

/** The desktop page's error table: every code a console client may meet, with its text. */
const DESKTOP_TABLE: Array<[string, string]> = [
  ['10001', '内部错误'],
  ['10003', '参数不全'],
  ['10004', '参数无效'],
  ['10008', '权限不足'],
  ['10009', '不支持的版本'],
  ['10010', '角色映射错误'],
  ['10011', '调用频次过高'],
  ['10012', '内容大小超限'],
  ['815201', '所有VNC节点均过载或者SSH不通，VNC会话创建失败'],
  ['815008', '桌面服务异常'],
  ['815010', '桌面会话不存在，删除失败'],
];

/** A GET with a body, which fetch cannot send: declared by `Content-Length`, or streamed in chunks. */
function getWithBody(
  url: string,
  headers: Record<string, string>,
  body: Buffer,
  streamed: boolean,
): Promise<{ status: number; body: { code?: string; msg?: string } }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      {
        method: 'GET',
        // A connection of its own: one the emulator closed after answering an oversized body early must not
        // be reused from the keep-alive pool (its reset would leave this promise unsettled).
        agent: false,
        // Node's client frames a GET's body only when told how.
        headers: {
          ...headers,
          ...(streamed ? { 'Transfer-Encoding': 'chunked' } : { 'Content-Length': String(body.length) }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) }),
        );
      },
    );
    // The emulator answers before the whole body is sent and Node then drops the connection: not an error here.
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') reject(error);
    });
    if (streamed) {
      for (let offset = 0; offset < body.length; offset += 64 * 1024)
        req.write(body.subarray(offset, offset + 64 * 1024));
      req.end();
    } else req.end(body);
  });
}

describe('10009 不支持的版本: a served path at a version the platform does not serve', () => {
  const emulator = useEmulator({ clock: frozenClock(), scenario: demoWith({}) });
  const hpc = client(emulator);

  it.each(['v1', 'v3'])('GET /hpc/openapi/%s/desktop/vnc/{id}/launchurl', async (version) => {
    const answer = await hpc.call('GET', LAUNCH.replace('/v2/', `/${version}/`), {
      token: await hpc.regionToken(),
    });
    expect(answer).toMatchObject(envelopeError('10009', '不支持的版本'));
  });

  it('POST /api/user/v2/tokens (AK/SK tokens are v3) and GET /ac/openapi/v1/center', async () => {
    expect(await hpc.call('POST', '/api/user/v2/tokens')).toMatchObject(
      envelopeError('10009', '不支持的版本'),
    );
    expect(await hpc.call('GET', '/ac/openapi/v1/center')).toMatchObject(
      envelopeError('10009', '不支持的版本'),
    );
  });

  it('a path served at no version stays a 404, the served version itself answers', async () => {
    const unknown = await hpc.call('GET', '/hpc/openapi/v1/queue');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ status: 404, error: 'Not Found' });
    const served = await hpc.call('GET', LAUNCH, { token: await hpc.regionToken() });
    expect(served.body.code).toBe('0');
  });
});

describe('10010 角色映射错误 for a user named in settings.faults.roleMapping', () => {
  const emulator = useEmulator({
    clock: frozenClock(),
    scenario: demoWith({ faults: { roleMapping: ['demo'] } }),
  });
  const hpc = client(emulator);

  it('answers every call with that user’s token, and no other user’s', async () => {
    const token = await hpc.regionToken();
    expect(typeof token).toBe('string');
    for (const path of [LAUNCH, '/hpc/openapi/v2/desktop/vnc', '/ac/openapi/v2/center']) {
      expect(await hpc.call('GET', path, { token })).toMatchObject(envelopeError('10010', '角色映射错误'));
    }
    const other = await hpc.call('GET', '/hpc/openapi/v2/desktop/vnc', {
      token: await hpc.regionToken('demo-other'),
    });
    expect(other.body.code).toBe('0');
  });
});

describe('10012 内容大小超限 for a GET whose body passes the limit', () => {
  const emulator = useEmulator({ clock: frozenClock(), scenario: demoWith({}) });
  const hpc = client(emulator);

  it.each([
    ['declared by Content-Length', false],
    ['streamed in chunks', true],
  ])('launchurl with a 1.1 MB body %s', async (_how, streamed) => {
    const answer = await getWithBody(
      `${emulator.current.url}${LAUNCH}`,
      { token: await hpc.regionToken() },
      Buffer.alloc(Math.round(1.1 * MB), 'x'),
      streamed,
    );
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ code: '10012', msg: '内容大小超限', data: null });
  });

  it('a small GET body is read and ignored', async () => {
    const answer = await getWithBody(
      `${emulator.current.url}${LAUNCH}`,
      { token: await hpc.regionToken() },
      Buffer.from('{}'),
      false,
    );
    expect(answer.body.code).toBe('0');
  });
});

describe('every code of the desktop table as a fault rule, with the table’s text', () => {
  const emulator = useEmulator({ clock: frozenClock(), scenario: demoWith({}) });
  const hpc = client(emulator);

  it.each(DESKTOP_TABLE)('error "%s" answers %s', async (code, msg) => {
    const added = await fetch(`${emulator.current.url}/__emulator/faults`, {
      method: 'POST',
      body: JSON.stringify({ provider: 'hpc', operation: 'getVncLaunchUrl', error: code, times: 1 }),
    });
    expect(added.status).toBe(201);
    const answer = await hpc.call('GET', LAUNCH, { token: await hpc.regionToken() });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ code, msg, data: null });
  });
});
