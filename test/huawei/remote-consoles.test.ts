import { describe, expect, it } from 'vitest';
import { huaweiDemo } from '../../contracts/huawei/demo.ts';
import { headersOf, useEmulator } from '../helpers.ts';
import { consolesPath, demo, iamToken, nova } from './support.ts';

const VNC = { remote_console: { protocol: 'vnc', type: 'novnc' } };
const WEBOB_400 =
  'The server could not comply with the request since\r\nit is either malformed or otherwise incorrect.\r\n';

/** A Nova fault exactly as Nova writes it: Python's json.dumps of `{faultName: {code, message}}`. */
const fault = (name: string, code: number, message: string) =>
  `{${JSON.stringify(name)}: {"code": ${code}, "message": ${JSON.stringify(message)}}}`;

async function expectFault(response: Response, status: number, name: string, message: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/json; charset=UTF-8');
  expect(await response.text()).toBe(fault(name, status, message));
}

describe('POST /v2.1/{project_id}/servers/{server_id}/remote-consoles', () => {
  const emu = useEmulator();
  const base = () => emu.current.url;
  let token: string;
  const post = async (
    body: unknown,
    options: { version?: string; server?: string; headers?: Record<string, string> } = {},
  ) => {
    token ??= await iamToken(base());
    return nova(base(), consolesPath(options.server ?? demo.active), {
      token,
      version: options.version ?? '2.6',
      body,
      ...(options.headers ? { headers: options.headers } : {}),
    });
  };

  describe('success', () => {
    it('answers 200 with protocol, type and a Huawei-style URL whose token the emulator knows for 10 minutes', async () => {
      const response = await post(VNC);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/json');
      const text = await response.text();
      const match = /^\{"remote_console": \{"protocol": "vnc", "type": "novnc", "url": "(.*)"\}\}$/.exec(
        text,
      );
      expect(match).not.toBeNull();
      const url = new URL(match?.[1] as string);
      expect(`${url.origin}${url.pathname}`).toBe(`${base()}/vnc_auto.html`);
      expect(url.searchParams.get('lang')).toBe('EN');
      const issued = emu.current.emulator.state.huawei?.consoleTokens.get(
        url.searchParams.get('token') as string,
      );
      expect(issued).toMatchObject({
        serverId: demo.active,
        projectId: demo.projectId,
        protocol: 'vnc',
        type: 'novnc',
      });
      expect((issued?.expiresAt ?? 0) - (issued?.issuedAt ?? 0)).toBe(600_000);
    });

    it('carries both microversion headers, Vary and the request ids', async () => {
      const headers = headersOf(await post(VNC, { version: '2.8' }));
      expect(headers['openstack-api-version']).toBe('compute 2.8');
      expect(headers['x-openstack-nova-api-version']).toBe('2.8');
      expect(headers.vary).toBe('OpenStack-API-Version, X-OpenStack-Nova-API-Version');
      expect(headers['x-compute-request-id']).toMatch(/^req-[0-9a-f-]{36}$/);
      expect(headers['x-openstack-request-id']).toBe(headers['x-compute-request-id']);
    });

    it('gives a SHUTOFF server a URL too: Nova does not check vm_state (docs/providers/huawei.md §1.3)', async () => {
      expect((await post(VNC, { server: demo.shutoff })).status).toBe(200);
    });
  });

  describe('microversions', () => {
    const nothingSent = { version: '' };
    it.each([
      ['no header (2.1)', undefined],
      ['2.5', '2.5'],
    ])('below 2.6 (%s) is 404 itemNotFound', async (_label, version) => {
      token ??= await iamToken(base());
      const response = await nova(base(), consolesPath(demo.active), {
        token,
        body: VNC,
        ...(version ? { version } : {}),
      });
      await expectFault(response, 404, 'itemNotFound', 'The resource could not be found.');
      expect(response.headers.get('openstack-api-version')).toBe(`compute ${version ?? '2.1'}`);
    });

    it('an empty header counts as no header', async () => {
      const response = await post(VNC, nothingSent);
      expect(response.status).toBe(404);
      expect(response.headers.get('x-openstack-nova-api-version')).toBe('2.1');
    });

    it('reads the standard header before the legacy one', async () => {
      token ??= await iamToken(base());
      const response = await nova(base(), consolesPath(demo.active), {
        token,
        body: VNC,
        headers: { 'OpenStack-API-Version': 'compute 2.8', 'X-OpenStack-Nova-API-Version': '2.5' },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('openstack-api-version')).toBe('compute 2.8');
    });

    it('reads the standard header right to left and ignores other services', async () => {
      token ??= await iamToken(base());
      const response = await nova(base(), consolesPath(demo.active), {
        token,
        body: VNC,
        headers: { 'OpenStack-API-Version': 'compute 2.7, volume 3.0' },
      });
      expect(response.headers.get('openstack-api-version')).toBe('compute 2.7');
      const both = await nova(base(), consolesPath(demo.active), {
        token,
        body: VNC,
        headers: { 'OpenStack-API-Version': 'COMPUTE 2.5, compute 2.9' },
      });
      expect(both.headers.get('openstack-api-version')).toBe('compute 2.9');
    });

    it('takes the last item of the legacy header', async () => {
      token ??= await iamToken(base());
      const response = await nova(base(), consolesPath(demo.active), {
        token,
        body: VNC,
        headers: { 'X-OpenStack-Nova-API-Version': '2.5, 2.6' },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('x-openstack-nova-api-version')).toBe('2.6');
    });

    it('`latest` is the advertised maximum', async () => {
      const response = await post(VNC, { version: 'latest' });
      expect(response.status).toBe(200);
      expect(response.headers.get('openstack-api-version')).toBe('compute 2.104');
    });

    it.each(['2.200', '2.0', '3.0'])(
      'out of range (%s) is 406 computeFault, still carrying the version headers',
      async (v) => {
        const response = await post(VNC, { version: v });
        await expectFault(
          response,
          406,
          'computeFault',
          `Version ${v} is not supported by the API. Minimum is 2.1 and maximum is 2.104.`,
        );
        const headers = headersOf(response);
        expect(headers['openstack-api-version']).toBe(`compute ${v}`);
        expect(headers['x-openstack-nova-api-version']).toBe(v);
        expect(headers.vary).toBe('OpenStack-API-Version, X-OpenStack-Nova-API-Version');
      },
    );

    it.each(['2.1.3', '2.06', '2', 'LATEST', 'abc'])(
      'malformed (%s) is 400 without version headers',
      async (v) => {
        const response = await post(VNC, { version: v });
        await expectFault(
          response,
          400,
          'badRequest',
          `API Version String ${v} is of invalid format. Must be of format MajorNum.MinorNum.`,
        );
        expect(response.headers.get('openstack-api-version')).toBeNull();
        expect(response.headers.get('vary')).toBeNull();
      },
    );
  });

  describe('request body schema', () => {
    const invalid = (field: string, value: string, message: string) =>
      `Invalid input for field/attribute ${field}. Value: ${value}. ${message}`;
    it.each([
      ['a body that is not JSON', '{"remote_console":', '2.6', 'Malformed request body'],
      ['an empty body', '', '2.6', "None is not of type 'object'"],
      ['{}', {}, '2.6', "'remote_console' is a required property"],
      [
        'an extra top-level key',
        { ...VNC, foo: 1 },
        '2.6',
        "Additional properties are not allowed ('foo' was unexpected)",
      ],
      [
        'two extra top-level keys',
        { ...VNC, b: 1, a: 2 },
        '2.6',
        "Additional properties are not allowed ('a', 'b' were unexpected)",
      ],
      [
        'an extra key inside remote_console',
        { remote_console: { protocol: 'vnc', type: 'novnc', foo: 1 } },
        '2.6',
        invalid(
          'remote_console',
          "{'protocol': 'vnc', 'type': 'novnc', 'foo': 1}",
          "Additional properties are not allowed ('foo' was unexpected)",
        ),
      ],
      [
        'type missing',
        { remote_console: { protocol: 'vnc' } },
        '2.6',
        invalid('remote_console', "{'protocol': 'vnc'}", "'type' is a required property"),
      ],
      [
        'remote_console null',
        { remote_console: null },
        '2.6',
        invalid('remote_console', 'None', "None is not of type 'object'"),
      ],
      [
        'a bad protocol',
        { remote_console: { protocol: 'foo', type: 'novnc' } },
        '2.6',
        invalid('protocol', 'foo', "'foo' is not one of ['vnc', 'spice', 'serial', 'rdp']"),
      ],
      [
        'a bad protocol at 2.8',
        { remote_console: { protocol: 'foo', type: 'novnc' } },
        '2.8',
        invalid('protocol', 'foo', "'foo' is not one of ['vnc', 'spice', 'serial', 'rdp', 'mks']"),
      ],
      [
        'a bad type',
        { remote_console: { protocol: 'vnc', type: 'foo' } },
        '2.6',
        invalid(
          'type',
          'foo',
          "'foo' is not one of ['novnc', 'xvpvnc', 'spice-html5', 'serial', 'rdp-html5']",
        ),
      ],
      [
        'webmks below 2.8',
        { remote_console: { protocol: 'vnc', type: 'webmks' } },
        '2.7',
        invalid(
          'type',
          'webmks',
          "'webmks' is not one of ['novnc', 'xvpvnc', 'spice-html5', 'serial', 'rdp-html5']",
        ),
      ],
      [
        'a bad type at 2.99',
        { remote_console: { protocol: 'vnc', type: 'foo' } },
        '2.99',
        invalid(
          'type',
          'foo',
          "'foo' is not one of ['novnc', 'xvpvnc', 'spice-html5', 'serial', 'rdp-html5', 'webmks', 'spice-direct']",
        ),
      ],
      [
        'a protocol that is not a string',
        { remote_console: { protocol: 5, type: 'novnc' } },
        '2.6',
        invalid('protocol', '5', "5 is not of type 'string'"),
      ],
      [
        'protocol checked before type',
        { remote_console: { protocol: 'x', type: 'y' } },
        '2.6',
        invalid('protocol', 'x', "'x' is not one of ['vnc', 'spice', 'serial', 'rdp']"),
      ],
    ])('%s is 400 badRequest', async (_label, body, version, message) => {
      await expectFault(await post(body, { version }), 400, 'badRequest', message);
    });

    it('a Content-Type other than JSON is 415 badMediaType', async () => {
      await expectFault(
        await post(JSON.stringify(VNC), { headers: { 'Content-Type': 'application/xml' } }),
        415,
        'badMediaType',
        'Unsupported Content-Type',
      );
    });

    it('text/plain is read as JSON, as Nova does', async () => {
      expect((await post(JSON.stringify(VNC), { headers: { 'Content-Type': 'text/plain' } })).status).toBe(
        200,
      );
    });

    it('a body over 114688 bytes is 413 from the size limit, before authentication', async () => {
      const response = await nova(base(), consolesPath(demo.active), {
        body: JSON.stringify({ ...VNC, pad: 'x'.repeat(120_000) }),
        headers: { Accept: 'application/json' },
      });
      expect(response.status).toBe(413);
      expect(await response.json()).toEqual({
        message: 'Request is too large.<br /><br />\n\n\n',
        code: '413 Request Entity Too Large',
        title: 'Request Entity Too Large',
      });
    });
  });

  describe('protocol and type combinations (default console configuration)', () => {
    it.each([
      ['vnc', 'xvpvnc', '2.6', 'Invalid console type xvpvnc'],
      ['vnc', 'spice-html5', '2.6', 'Invalid console type spice-html5'],
      ['spice', 'spice-html5', '2.6', 'Unavailable console type spice-html5.'],
      ['spice', 'novnc', '2.6', 'Unavailable console type novnc.'],
      ['serial', 'serial', '2.6', 'Unavailable console type serial.'],
      ['mks', 'webmks', '2.8', 'Unavailable console type webmks.'],
      ['rdp', 'rdp-html5', '2.6', WEBOB_400],
    ])('%s / %s is 400: %s', async (protocol, type, version, message) => {
      await expectFault(
        await post({ remote_console: { protocol, type } }, { version }),
        400,
        'badRequest',
        message,
      );
    });
  });

  describe('server states', () => {
    it.each([
      ['an unknown id', '00000000-0000-4000-8000-000000000000'],
      ['an id that is not a UUID', 'not-a-uuid'],
      ["another project's server", demo.otherProject],
    ])('%s is 404 itemNotFound', async (_label, id) => {
      await expectFault(
        await post(VNC, { server: id }),
        404,
        'itemNotFound',
        `Instance ${id} could not be found.`,
      );
    });

    it.each([
      ['BUILD without a host', demo.building],
      ['ERROR without a host', demo.error],
    ])('%s is 409 conflictingRequest', async (_label, id) => {
      await expectFault(
        await post(VNC, { server: id }),
        409,
        'conflictingRequest',
        `Instance ${id} is not ready`,
      );
    });

    it('task_state deleting is a 500 computeFault: remote-consoles does not catch InstanceInvalidState', async () => {
      await expectFault(
        await post(VNC, { server: demo.deleting }),
        500,
        'computeFault',
        "Unexpected API Error. Please contact the administrator\n<class 'nova.exception.InstanceInvalidState'>",
      );
    });
  });

  describe('authentication and authorisation', () => {
    const KEYSTONE_401 =
      '{"error": {"code": 401, "title": "Unauthorized", "message": "The request you have made requires authentication."}}';

    it.each([
      ['no token', undefined],
      ['an unknown token', 'MIInot-a-token'],
    ])('%s is 401 as keystonemiddleware answers it', async (_label, badToken) => {
      const response = await nova(base(), consolesPath(demo.active), {
        version: '2.6',
        body: VNC,
        ...(badToken ? { token: badToken } : {}),
      });
      expect(response.status).toBe(401);
      expect(await response.text()).toBe(KEYSTONE_401);
      expect(response.headers.get('www-authenticate')).toBe(`Keystone uri="${base()}/v3"`);
      expect(response.headers.get('openstack-api-version')).toBeNull();
    });

    it("a URL project that is not the token's is 400", async () => {
      await expectFault(
        await nova(base(), consolesPath(demo.active, demo.otherProjectId), {
          token: await iamToken(base()),
          version: '2.6',
          body: VNC,
        }),
        400,
        'badRequest',
        `Malformed request URL: URL's project_id '${demo.otherProjectId}' doesn't match Context's project_id '${demo.projectId}'`,
      );
    });

    it('a user whose roles do not pass the policy is 403 forbidden', async () => {
      const reader = await iamToken(base(), { user: 'demo-reader' });
      await expectFault(
        await nova(base(), consolesPath(demo.active), { token: reader, version: '2.6', body: VNC }),
        403,
        'forbidden',
        "Policy doesn't allow os_compute_api:os-remote-consoles to be performed.",
      );
    });
  });

  describe('unmatched routes: a bare webob 404, no fault wrapper, no version headers (docs/providers/huawei.md §2.6)', () => {
    const WEBOB_404 =
      '{"message": "The resource could not be found.<br /><br />\\n\\n\\n", "code": "404 Not Found", "title": "Not Found"}';
    it.each([
      ['a GET on remote-consoles', 'GET', consolesPath(demo.active)],
      ['a project id that is not hex', 'POST', `/v2.1/PROJECT/servers/${demo.active}/remote-consoles`],
      ['an unknown path', 'GET', `/v2.1/${demo.projectId}/no-such-thing`],
    ])('%s', async (_label, method, path) => {
      token ??= await iamToken(base());
      const response = await nova(base(), path, {
        method,
        token,
        version: '2.6',
        ...(method === 'POST' ? { body: VNC } : {}),
      });
      expect(response.status).toBe(404);
      expect(await response.text()).toBe(WEBOB_404);
      expect(response.headers.get('openstack-api-version')).toBeNull();
    });

    it('answers plain text when JSON is not accepted', async () => {
      token ??= await iamToken(base());
      const response = await fetch(`${base()}/v2.1/${demo.projectId}/nothing`, {
        headers: { 'X-Auth-Token': token },
      });
      expect(response.headers.get('content-type')).toBe('text/plain; charset=UTF-8');
      expect(await response.text()).toBe('404 Not Found\n\nThe resource could not be found.\n\n   ');
    });
  });
});

describe('remote-consoles with every console kind enabled', () => {
  const emu = useEmulator({
    scenario: {
      huawei: { ...huaweiDemo, settings: { consoles: { vnc: false, spice: true, serial: true, mks: true } } },
    },
  });
  const post = async (protocol: string, type: string) =>
    nova(emu.current.url, consolesPath(demo.active), {
      token: await iamToken(emu.current.url),
      version: '2.8',
      body: { remote_console: { protocol, type } },
    });

  it('spice / spice-html5 gets a spice_auto.html URL', async () => {
    const response = await post('spice', 'spice-html5');
    expect(response.status).toBe(200);
    const body = (await response.json()) as { remote_console: { url: string } };
    expect(body.remote_console.url).toMatch(
      new RegExp(`^${emu.current.url}/spice_auto\\.html\\?token=[0-9a-f-]{36}$`),
    );
  });

  it('serial gets a ws:// URL', async () => {
    const body = (await (await post('serial', 'serial')).json()) as { remote_console: { url: string } };
    expect(body.remote_console.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f-]{36}$/);
  });

  it.each([
    ['spice', 'novnc', 400, 'badRequest', 'Invalid console type novnc'],
    ['mks', 'novnc', 400, 'badRequest', 'Invalid console type novnc'],
    ['mks', 'webmks', 501, 'notImplemented', 'The requested functionality is not supported.'],
    ['vnc', 'novnc', 400, 'badRequest', 'Unavailable console type novnc.'],
  ])('%s / %s is %i', async (protocol, type, status, name, message) => {
    await expectFault(await post(protocol, type), status, name, message);
  });
});

describe('remote-consoles URLs in Nova style and their expiry on the emulator clock', () => {
  const emu = useEmulator({ scenario: { huawei: { ...huaweiDemo, settings: { urlStyle: 'nova' } } } });

  it('writes vnc_auto.html?path=%3Ftoken%3D<uuid> and forgets the token after 10 minutes', async () => {
    const token = await iamToken(emu.current.url);
    const response = await nova(emu.current.url, consolesPath(demo.active), {
      token,
      version: '2.6',
      body: VNC,
    });
    const { remote_console } = (await response.json()) as { remote_console: { url: string } };
    const match = new RegExp(`^${emu.current.url}/vnc_auto\\.html\\?path=%3Ftoken%3D([0-9a-f-]{36})$`).exec(
      remote_console.url,
    );
    expect(match).not.toBeNull();
    const tokens = emu.current.emulator.state.huawei?.consoleTokens;
    const consoleToken = match?.[1] as string;
    emu.current.emulator.clock.advance('9m59s');
    expect(tokens?.get(consoleToken)).toBeDefined();
    emu.current.emulator.clock.advance('1s');
    expect(tokens?.get(consoleToken)).toBeUndefined();
  });

  it('an IAM token expires after 24 hours: 401', async () => {
    const token = await iamToken(emu.current.url);
    emu.current.emulator.clock.advance('24h');
    const response = await nova(emu.current.url, consolesPath(demo.active), {
      token,
      version: '2.6',
      body: VNC,
    });
    expect(response.status).toBe(401);
  });
});
