import { describe, expect, it } from 'vitest';
import { huaweiDemo } from '../../contracts/huawei/demo.ts';
import { signRequest } from '../../contracts/huawei/signer.ts';
import { useEmulator } from '../helpers.ts';
import { consolesPath, demo, nova, passwordAuthBody } from './support.ts';

/**
 * Keystone scopes a token to a project by role assignment, not by domain: a user of one domain granted a role
 * on another domain's project may scope to it, and a user without one may not, through a password or AK/SK.
 */

const PARTNER_PROJECT = 'b0b1b2b3b4b54c6d8e9fa0a1a2a3a4a5';
const PARTNER_SERVER = 'b0b1b2b3-b4b5-4c6d-8e9f-a0a1a2a3a4a6';
const GUEST_AK = { accessKeyId: 'GUESTAKHUAWEI0000001', secretAccessKey: 'guest-secret' };
const VNC = { remote_console: { protocol: 'vnc', type: 'novnc' } };

const emu = useEmulator({
  scenario: {
    huawei: {
      ...huaweiDemo,
      domains: [...(huaweiDemo.domains ?? []), { id: 'd-partner', name: 'partner' }],
      projects: [
        ...(huaweiDemo.projects ?? []),
        { id: PARTNER_PROJECT, name: 'partner-1', domainId: 'd-partner' },
      ],
      users: [
        ...(huaweiDemo.users ?? []),
        {
          id: 'u-guest',
          name: 'guest',
          password: 'guest-password',
          domainId: 'd0e1f2a3b4c5d6e7f8091a2b3c4d5e6f',
          roles: ['reader'],
          grants: [{ projectId: PARTNER_PROJECT, roles: ['member'] }],
        },
      ],
      accessKeys: [...(huaweiDemo.accessKeys ?? []), { ...GUEST_AK, userId: 'u-guest' }],
      servers: [
        ...(huaweiDemo.servers ?? []),
        { id: PARTNER_SERVER, name: 'partner-vm', projectId: PARTNER_PROJECT, status: 'ACTIVE', host: 'h1' },
      ],
    },
  },
});

const scope = (user: string, password: string) =>
  fetch(`${emu.current.url}/v3/auth/tokens`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(passwordAuthBody({ user, password, project: { id: PARTNER_PROJECT } })),
  });

const nativePath = `/v1/${PARTNER_PROJECT}/cloudservers/${PARTNER_SERVER}/remote_console`;
const akSk = (path: string, key: { accessKeyId: string; secretAccessKey: string }) => {
  const url = `${emu.current.url}${path}`;
  const body = JSON.stringify(VNC);
  const headers = signRequest(
    {
      method: 'POST',
      url,
      headers: {
        'Content-Type': 'application/json',
        'X-Project-Id': PARTNER_PROJECT,
        'X-OpenStack-Nova-API-Version': '2.6',
      },
      body,
    },
    key,
    emu.current.emulator.clock.realNow(),
  );
  return fetch(url, { method: 'POST', headers, body });
};

describe("a project of another domain, through Keystone's password method", () => {
  it('a user granted a role on it scopes to it and gets that role, and a console', async () => {
    const response = await scope('guest', 'guest-password');
    expect(response.status).toBe(201);
    const { token } = (await response.json()) as {
      token: { project: { id: string; domain: { name: string } }; roles: Array<{ name: string }> };
    };
    expect(token.project).toMatchObject({ id: PARTNER_PROJECT, domain: { name: 'partner' } });
    expect(token.roles.map((r) => r.name)).toEqual(['member']);
    const consoles = await nova(emu.current.url, consolesPath(PARTNER_SERVER, PARTNER_PROJECT), {
      token: response.headers.get('x-subject-token') as string,
      version: '2.6',
      body: VNC,
    });
    expect(consoles.status).toBe(200);
  });

  it('a user with no role on it is 401, as any failed authentication', async () => {
    const response = await scope('demo', 'demo-password');
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      error: {
        code: 401,
        title: 'Unauthorized',
        message: 'The request you have made requires authentication.',
      },
    });
  });

  it("the grant's role counts only there: on its own domain's project the user has its domain role", async () => {
    const response = await fetch(`${emu.current.url}/v3/auth/tokens`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(passwordAuthBody({ user: 'guest', password: 'guest-password' })),
    });
    const { token } = (await response.json()) as { token: { roles: Array<{ name: string }> } };
    expect(token.roles.map((r) => r.name)).toEqual(['reader']);
  });
});

describe('a project of another domain, through AK/SK (X-Project-Id)', () => {
  it('an AccessKey whose user holds a role on it gets a console, native and Nova', async () => {
    expect((await akSk(nativePath, GUEST_AK)).status).toBe(200);
    expect((await akSk(consolesPath(PARTNER_SERVER, PARTNER_PROJECT), GUEST_AK)).status).toBe(200);
  });

  it('an AccessKey whose user holds none is not scoped to it: Ecs.0003 natively, a project mismatch on Nova', async () => {
    const demoAk = { accessKeyId: demo.accessKeyId, secretAccessKey: demo.secretAccessKey };
    const native = await akSk(nativePath, demoAk);
    expect(native.status).toBe(403);
    expect(await native.json()).toEqual({
      error: {
        code: 'Ecs.0003',
        message:
          'You do not have permission to perform this operation. Contact customer service to obtain permission.',
      },
    });
    const compute = await akSk(consolesPath(PARTNER_SERVER, PARTNER_PROJECT), demoAk);
    expect(compute.status).toBe(400);
    expect(await compute.json()).toEqual({
      badRequest: {
        code: 400,
        message: `Malformed request URL: URL's project_id '${PARTNER_PROJECT}' doesn't match Context's project_id 'None'`,
      },
    });
  });
});
