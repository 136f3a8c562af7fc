import { describe, expect, it } from 'vitest';
import { headersOf, useEmulator } from '../helpers.ts';
import { demo, iamToken, nova, passwordAuthBody } from './support.ts';

const KEYSTONE_401 =
  '{"error": {"code": 401, "title": "Unauthorized", "message": "The request you have made requires authentication."}}';

describe('IAM: POST /v3/auth/tokens (Keystone v3 password method)', () => {
  const emu = useEmulator();
  const post = (body: unknown) =>
    fetch(`${emu.current.url}/v3/auth/tokens`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  it('answers 201 with X-Subject-Token, a 24-hour expires_at and a catalog pointing at the emulator', async () => {
    const response = await post(passwordAuthBody());
    expect(response.status).toBe(201);
    expect(response.headers.get('x-subject-token')).toMatch(/^MII[A-Za-z0-9_-]{100,}$/);
    const { token } = (await response.json()) as {
      token: {
        expires_at: string;
        issued_at: string;
        user: { name: string; domain: { name: string } };
        project: { id: string; name: string };
        roles: Array<{ name: string }>;
        catalog: Array<{
          type: string;
          endpoints: Array<{ interface: string; url: string; region_id: string }>;
        }>;
      };
    };
    expect(Date.parse(token.expires_at) - Date.parse(token.issued_at)).toBe(86_400_000);
    expect(token.expires_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    expect(token.user).toMatchObject({ name: 'demo', domain: { name: 'demo' } });
    expect(token.project).toMatchObject({ id: demo.projectId, name: 'cn-north-4' });
    expect(token.roles.map((r) => r.name)).toEqual(['member']);
    const endpoint = (type: string) => token.catalog.find((s) => s.type === type)?.endpoints[0];
    expect(endpoint('compute')).toMatchObject({
      interface: 'public',
      region_id: 'cn-north-4',
      url: `${emu.current.url}/v2.1/${demo.projectId}`,
    });
    expect(endpoint('ecs')?.url).toBe(`${emu.current.url}/v1/${demo.projectId}`);
  });

  it('scopes by project id as well as by name', async () => {
    const response = await post(passwordAuthBody({ project: { id: demo.projectId } }));
    expect(response.status).toBe(201);
  });

  it.each([
    ['a wrong password', passwordAuthBody({ password: 'nope' })],
    ['an unknown user', passwordAuthBody({ user: 'nobody' })],
    ['an unknown project', passwordAuthBody({ project: { name: 'cn-south-1', domain: { name: 'demo' } } })],
  ])('%s is 401 with WWW-Authenticate', async (_label, body) => {
    const response = await post(body);
    expect(response.status).toBe(401);
    expect(await response.text()).toBe(KEYSTONE_401);
    expect(response.headers.get('www-authenticate')).toBe(`Keystone uri="${emu.current.url}/v3"`);
  });

  it.each([
    ['a body that is not JSON', '{', 'valid JSON', 'request body'],
    ['no auth', {}, 'auth', 'request body'],
    ['no identity', { auth: {} }, 'identity', 'auth'],
    ['no password method', { auth: { identity: { methods: ['token'] } } }, 'methods', 'identity'],
  ])('%s is 400 as Keystone validates it', async (_label, body, attribute, target) => {
    const response = await post(body);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: {
        code: 400,
        title: 'Bad Request',
        message: `Expecting to find ${attribute} in ${target}. The server could not comply with the request since it is either malformed or otherwise incorrect. The client is assumed to be in error.`,
      },
    });
  });

  it('GET /v3 is the identity version document', async () => {
    const response = await fetch(`${emu.current.url}/v3`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      version: { id: string; links: Array<{ rel: string; href: string }> };
    };
    expect(body.version.id).toBe('v3.14');
    expect(body.version.links).toContainEqual({ rel: 'self', href: `${emu.current.url}/v3/` });
  });
});

describe('Nova version discovery (docs/providers/huawei.md §2.7)', () => {
  const emu = useEmulator();

  it('GET / lists v2.0 and v2.1 with absolute self links and no version headers', async () => {
    const response = await fetch(`${emu.current.url}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('openstack-api-version')).toBeNull();
    const body = (await response.json()) as { versions: Array<Record<string, unknown>> };
    expect(body.versions[1]).toEqual({
      id: 'v2.1',
      status: 'CURRENT',
      version: '2.104',
      min_version: '2.1',
      updated: '2013-07-23T11:33:21Z',
      links: [{ href: `${emu.current.url}/v2.1/`, rel: 'self' }],
    });
    expect(body.versions[0]).toMatchObject({
      id: 'v2.0',
      status: 'DEPRECATED',
      version: '',
      min_version: '',
    });
  });

  it.each(['/v2.1', '/v2.1/'])(
    'GET %s is the v2.1 document, unauthenticated, with version headers',
    async (path) => {
      const response = await fetch(`${emu.current.url}${path}`);
      expect(response.status).toBe(200);
      expect(headersOf(response)['openstack-api-version']).toBe('compute 2.1');
      const body = (await response.json()) as { version: { version: string; min_version: string } };
      expect(body.version).toMatchObject({ version: '2.104', min_version: '2.1' });
    },
  );

  it('GET /v2.1/{project_id} needs a token', async () => {
    expect((await fetch(`${emu.current.url}/v2.1/${demo.projectId}`)).status).toBe(401);
    const response = await nova(emu.current.url, `/v2.1/${demo.projectId}`, {
      token: await iamToken(emu.current.url),
    });
    expect(response.status).toBe(200);
  });
});

describe('finding a server: GET /servers/{id} and GET /servers/detail?name=', () => {
  const emu = useEmulator();

  it('shows a server by id', async () => {
    const token = await iamToken(emu.current.url);
    const response = await nova(emu.current.url, `/v2.1/${demo.projectId}/servers/${demo.active}`, { token });
    expect(response.status).toBe(200);
    const { server } = (await response.json()) as { server: Record<string, unknown> };
    expect(server).toMatchObject({
      id: demo.active,
      name: 'demo-active',
      status: 'ACTIVE',
      tenant_id: demo.projectId,
    });
  });

  it('a name is not an id: 404, so clients fall back to detail?name=', async () => {
    const token = await iamToken(emu.current.url);
    const response = await nova(emu.current.url, `/v2.1/${demo.projectId}/servers/demo-active`, { token });
    expect(response.status).toBe(404);
    const detail = await nova(emu.current.url, `/v2.1/${demo.projectId}/servers/detail?name=demo-active`, {
      token,
    });
    const { servers } = (await detail.json()) as { servers: Array<{ id: string }> };
    expect(servers.map((s) => s.id)).toEqual([demo.active]);
  });

  it("lists only the token's project", async () => {
    const token = await iamToken(emu.current.url);
    const detail = await nova(emu.current.url, `/v2.1/${demo.projectId}/servers/detail`, { token });
    const { servers } = (await detail.json()) as { servers: Array<{ id: string }> };
    expect(servers.map((s) => s.id)).not.toContain(demo.otherProject);
    expect(servers).toHaveLength(5);
  });
});

describe('legacy POST /servers/{id}/action os-getVNCConsole (2.1–2.5, docs/providers/huawei.md §1.4)', () => {
  const emu = useEmulator();
  const action = async (body: unknown, options: { version?: string; server?: string } = {}) =>
    nova(emu.current.url, `/v2.1/${demo.projectId}/servers/${options.server ?? demo.active}/action`, {
      token: await iamToken(emu.current.url),
      body,
      ...(options.version ? { version: options.version } : {}),
    });
  const fault = (name: string, code: number, message: string) => ({ [name]: { code, message } });

  it('answers {"console": {"type", "url"}} at 2.1', async () => {
    const response = await action({ 'os-getVNCConsole': { type: 'novnc' } });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { console: { type: string; url: string } };
    expect(Object.keys(body.console)).toEqual(['type', 'url']);
    expect(body.console.url).toMatch(/\/vnc_auto\.html\?token=[0-9a-f-]{36}&lang=EN$/);
  });

  it.each([
    [
      'at 2.6 the action is gone: 404',
      { 'os-getVNCConsole': { type: 'novnc' } },
      '2.6',
      404,
      'itemNotFound',
      'The resource could not be found.',
    ],
    ['an unknown action', { 'os-foo': {} }, undefined, 400, 'badRequest', 'There is no such action: os-foo'],
    [
      'two keys',
      { 'os-getVNCConsole': { type: 'novnc' }, x: 1 },
      undefined,
      400,
      'badRequest',
      'Malformed request body',
    ],
    ['a body that is not JSON', 'nope', undefined, 400, 'badRequest', 'Malformed request body'],
    [
      'xvpvnc',
      { 'os-getVNCConsole': { type: 'xvpvnc' } },
      undefined,
      400,
      'badRequest',
      'Invalid console type xvpvnc',
    ],
    [
      'type missing',
      { 'os-getVNCConsole': {} },
      undefined,
      400,
      'badRequest',
      "Invalid input for field/attribute os-getVNCConsole. Value: {}. 'type' is a required property",
    ],
    [
      'spice (disabled)',
      { 'os-getSPICEConsole': { type: 'spice-html5' } },
      undefined,
      400,
      'badRequest',
      'Unavailable console type spice-html5.',
    ],
    [
      'serial (disabled)',
      { 'os-getSerialConsole': { type: 'serial' } },
      undefined,
      400,
      'badRequest',
      'Unavailable console type serial.',
    ],
    [
      'rdp, always refused with webob’s default text',
      { 'os-getRDPConsole': { type: 'rdp-html5' } },
      undefined,
      400,
      'badRequest',
      'The server could not comply with the request since\r\nit is either malformed or otherwise incorrect.\r\n',
    ],
  ])('%s', async (_label, body, version, status, name, message) => {
    const response = await action(body, version ? { version } : {});
    expect(response.status).toBe(status);
    expect(await response.json()).toEqual(fault(name, status, message));
  });

  it('a building server is 409 not ready', async () => {
    const response = await action({ 'os-getVNCConsole': { type: 'novnc' } }, { server: demo.building });
    expect(await response.json()).toEqual(
      fault('conflictingRequest', 409, `Instance ${demo.building} is not ready`),
    );
  });

  it('task_state deleting is a 409 here: the action catches InstanceInvalidState', async () => {
    const response = await action({ 'os-getVNCConsole': { type: 'novnc' } }, { server: demo.deleting });
    expect(await response.json()).toEqual(
      fault(
        'conflictingRequest',
        409,
        `Cannot 'get_vnc_console' instance ${demo.deleting} while it is in task_state deleting`,
      ),
    );
  });
});
