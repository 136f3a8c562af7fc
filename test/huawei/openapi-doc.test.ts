import { describe, expect, it } from 'vitest';
import { useEmulator } from '../helpers.ts';
import { demo, iamToken, nova } from './support.ts';

/** openapi/huawei.json says what the emulator sends: request ids, every legacy console action, APIGW.0301's reasons. */

interface Doc {
  paths: Record<string, Record<string, { responses: Record<string, { headers?: Record<string, unknown> }> }>>;
  components: {
    schemas: Record<string, unknown>;
    examples: Record<string, { value: { error_msg?: string } }>;
  };
}

const emu = useEmulator();
const doc = async () => (await (await fetch(`${emu.current.url}/openapi/huawei.json`)).json()) as Doc;
const documented = (d: Doc, path: string, method: string, status: number) =>
  Object.keys(d.paths[path]?.[method]?.responses[String(status)]?.headers ?? {}).map((h) => h.toLowerCase());
const requestIdHeaders = (response: Response) =>
  [...response.headers.keys()].filter((name) => name.endsWith('request-id')).sort();

describe('request-id headers', () => {
  it('Nova answers x-openstack-request-id and x-compute-request-id, the token check in front of it the first, as documented', async () => {
    const d = await doc();
    const path = '/v2.1/{project_id}/servers';
    const ok = await nova(emu.current.url, `/v2.1/${demo.projectId}/servers`, {
      token: await iamToken(emu.current.url),
    });
    const refused = await nova(emu.current.url, `/v2.1/${demo.projectId}/servers`);
    expect([ok.status, refused.status]).toEqual([200, 401]);
    expect(requestIdHeaders(ok)).toEqual(['x-compute-request-id', 'x-openstack-request-id']);
    expect(documented(d, path, 'get', 200)).toEqual(
      expect.arrayContaining(['x-compute-request-id', 'x-openstack-request-id']),
    );
    expect(requestIdHeaders(refused)).toEqual(['x-openstack-request-id']);
    expect(documented(d, path, 'get', 401)).toContain('x-openstack-request-id');
  });

  it('Keystone answers x-openstack-request-id, as documented', async () => {
    const d = await doc();
    const response = await fetch(`${emu.current.url}/v3/auth/tokens`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(400);
    expect(requestIdHeaders(response)).toEqual(['x-openstack-request-id']);
    expect(documented(d, '/v3/auth/tokens', 'post', 400)).toContain('x-openstack-request-id');
    expect(documented(d, '/v3/auth/tokens', 'post', 201)).toContain('x-openstack-request-id');
  });

  it('the native API answers X-Request-Id, as documented', async () => {
    const d = await doc();
    const path = '/v1/{project_id}/cloudservers/{server_id}/remote_console';
    const response = await fetch(
      `${emu.current.url}/v1/${demo.projectId}/cloudservers/${demo.active}/remote_console`,
      {
        method: 'POST',
        body: '{}',
      },
    );
    expect(response.status).toBe(401);
    expect(requestIdHeaders(response)).toEqual(['x-request-id']);
    expect(documented(d, path, 'post', 401)).toContain('x-request-id');
    expect(documented(d, path, 'post', 200)).toContain('x-request-id');
  });
});

describe('the legacy server action body', () => {
  it.each([
    ['os-getVNCConsole', 'novnc'],
    ['os-getSPICEConsole', 'spice-html5'],
    ['os-getRDPConsole', 'rdp-html5'],
    ['os-getSerialConsole', 'serial'],
  ])('documents %s, which the emulator answers', async (action, type) => {
    const schema = JSON.stringify((await doc()).components.schemas.ConsoleAction);
    expect(schema).toContain(`"${action}"`);
    const response = await nova(emu.current.url, `/v2.1/${demo.projectId}/servers/${demo.active}/action`, {
      token: await iamToken(emu.current.url),
      version: '2.1',
      body: { [action]: { type } },
    });
    // Answered as that action (a console, or why this server has none), never as an unknown one.
    expect(await response.text()).not.toContain('There is no such action');
    expect(emu.current.emulator.journal.last()?.operation).toBe(action);
  });
});

describe('APIGW.0301', () => {
  it('lists its four documented reasons as examples, each as the emulator writes it', async () => {
    const { examples } = (await doc()).components;
    const messages = Object.entries(examples)
      .filter(([name]) => name.startsWith('APIGW.0301_'))
      .map(([, example]) => example.value.error_msg);
    expect(messages).toEqual([
      'Incorrect IAM authentication information: verify aksk signature fail',
      'Incorrect IAM authentication information: Get secretKey failed,ak:UNKNOWNAK0000000000,err:ak not exist',
      'Incorrect IAM authentication information: decrypt token fail',
      'Incorrect IAM authentication information: x-auth-token not found',
    ]);
    const native = `${emu.current.url}/v1/${demo.projectId}/cloudservers/${demo.active}/remote_console`;
    const noToken = await fetch(native, { method: 'POST', body: '{}' });
    const badToken = await fetch(native, {
      method: 'POST',
      body: '{}',
      headers: { 'X-Auth-Token': 'MIIbogus' },
    });
    expect(((await noToken.json()) as { error_msg: string }).error_msg).toBe(messages[3]);
    expect(((await badToken.json()) as { error_msg: string }).error_msg).toBe(messages[2]);
  });
});
