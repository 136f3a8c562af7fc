import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { BasicCredentials } from '@huaweicloud/huaweicloud-sdk-core';
import { Logger4jInstance } from '@huaweicloud/huaweicloud-sdk-core/logger/log4jLogger.js';
import {
  EcsClient,
  GetServerRemoteConsoleOption,
  ShowServerRemoteConsoleRequest,
  ShowServerRemoteConsoleRequestBody,
} from '@huaweicloud/huaweicloud-sdk-ecs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useEmulator } from '../helpers.ts';
import { demo } from './support.ts';

const run = promisify(execFile);

/** What a new user types: the demo credentials from the README, the emulator as the auth URL. */
function openstackEnv(baseUrl: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('OS_') && !/proxy/i.test(k)) env[k] = v;
  return {
    ...env,
    OS_AUTH_URL: `${baseUrl}/v3`,
    OS_USERNAME: 'demo',
    OS_PASSWORD: 'demo-password',
    OS_USER_DOMAIN_NAME: 'demo',
    OS_PROJECT_NAME: 'cn-north-4',
    OS_PROJECT_DOMAIN_NAME: 'demo',
    OS_IDENTITY_API_VERSION: '3',
    OS_REGION_NAME: 'cn-north-4',
    NO_PROXY: '127.0.0.1,localhost',
  };
}

function expectKnownToken(emulatorTokens: { get(token: string): unknown } | undefined, url: string) {
  const token = new URL(url).searchParams.get('token') as string;
  expect(token).toMatch(/^[0-9a-f-]{36}$/);
  expect(emulatorTokens?.get(token)).toMatchObject({ serverId: demo.active });
}

describe('the real OpenStack CLIs (python3-openstackclient, python3-novaclient)', () => {
  const emu = useEmulator();

  it('`openstack console url show --novnc demo-active` prints a novnc URL the emulator knows', async () => {
    const { stdout } = await run(
      'openstack',
      ['console', 'url', 'show', '--novnc', 'demo-active', '-f', 'json'],
      { env: openstackEnv(emu.current.url), timeout: 60_000 },
    );
    const shown = JSON.parse(stdout) as { protocol: string; type: string; url: string };
    expect(shown).toMatchObject({ protocol: 'vnc', type: 'novnc' });
    expectKnownToken(emu.current.emulator.state.huawei?.consoleTokens, shown.url);
  });

  it('`nova get-vnc-console demo-active novnc` prints a novnc URL the emulator knows', async () => {
    const { stdout } = await run('nova', ['get-vnc-console', 'demo-active', 'novnc'], {
      env: openstackEnv(emu.current.url),
      timeout: 60_000,
    });
    const url = /\|\s*novnc\s*\|\s*(\S+)\s*\|/.exec(stdout)?.[1];
    expect(url, stdout).toBeDefined();
    expectKnownToken(emu.current.emulator.state.huawei?.consoleTokens, url as string);
    // novaclient negotiates 2.latest capped at its own 2.96, then sends only the legacy header below 2.27.
    expect(emu.current.emulator.journal.list({ operation: 'remoteConsoles' }).at(-1)?.status).toBe(200);
  });

  it('`openstack console url show` on a building server shows Nova’s 409 message', async () => {
    const failure = await run('openstack', ['console', 'url', 'show', 'demo-building'], {
      env: openstackEnv(emu.current.url),
      timeout: 60_000,
    }).catch((error: { stderr: string; code: number }) => error);
    expect('code' in failure && failure.code).toBe(1);
    expect((failure as { stderr: string }).stderr).toContain(`Instance ${demo.building} is not ready`);
  });
});

describe('the official Huawei Node SDK (@huaweicloud/huaweicloud-sdk-ecs)', () => {
  const emu = useEmulator();

  beforeAll(() => {
    // The SDK writes ~/.huaweicloud/application_id when a client is built: keep it out of the real home.
    process.env.HOME = mkdtempSync(join(tmpdir(), 'huawei-sdk-home-'));
  });

  const showServerRemoteConsole = (serverId: string, secret = demo.secretAccessKey) => {
    const credentials = new BasicCredentials()
      .withAk(demo.accessKeyId)
      .withSk(secret)
      .withProjectId(demo.projectId);
    const client = EcsClient.newBuilder().withCredential(credentials).withEndpoint(emu.current.url).build();
    const option = new GetServerRemoteConsoleOption().withProtocol('vnc').withType('novnc');
    const request = new ShowServerRemoteConsoleRequest()
      .withServerId(serverId)
      .withBody(new ShowServerRemoteConsoleRequestBody().withRemoteConsole(option));
    return client.showServerRemoteConsole(request);
  };
  /**
   * The refusal a call ends in. The SDK logs every error answer to stdout (a ~60-line dump each) before it
   * rejects; here the error is the expected answer and the assertions read it, so its logger is off meanwhile.
   */
  const failureOf = async (promise: Promise<unknown>) => {
    const level = Logger4jInstance.level;
    Logger4jInstance.level = 'off';
    try {
      return await promise.then(
        () => ({}) as Record<string, unknown>,
        (e: Record<string, unknown>) => e,
      );
    } finally {
      Logger4jInstance.level = level;
    }
  };

  it('EcsClient.showServerRemoteConsole with AK/SK and a project id gets a URL the emulator knows', async () => {
    // The SDK resolves with the parsed JSON (wire names), not an instance of its response class.
    const response = (await showServerRemoteConsole(demo.active)) as unknown as {
      remote_console: { url: string };
    };
    expectKnownToken(emu.current.emulator.state.huawei?.consoleTokens, response.remote_console.url);
  });

  it('a wrong SK surfaces as the SDK’s ClientRequestException with APIGW.0301', async () => {
    const error = await failureOf(showServerRemoteConsole(demo.active, 'wrong-secret'));
    expect(error.constructor.name).toBe('ClientRequestException');
    expect(error).toMatchObject({
      httpStatusCode: 401,
      errorCode: 'APIGW.0301',
      errorMsg: 'Incorrect IAM authentication information: verify aksk signature fail',
    });
    expect(error.requestId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('a building server surfaces Huawei’s Ecs.0100', async () => {
    expect(await failureOf(showServerRemoteConsole(demo.building))).toMatchObject({
      httpStatusCode: 400,
      errorCode: 'Ecs.0100',
    });
  });

  it('an unknown server surfaces Ecs.0114', async () => {
    expect(await failureOf(showServerRemoteConsole('00000000-0000-4000-8000-000000000000'))).toMatchObject({
      httpStatusCode: 404,
      errorCode: 'Ecs.0114',
    });
  });
});
