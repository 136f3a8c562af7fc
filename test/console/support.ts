import type { RunningEmulator } from '../../emulator/server.ts';
import { callV1, IDS } from '../aliyun/rpc.ts';
import { consolesPath, demo, iamToken, nova } from '../huawei/support.ts';

export { demo as huawei } from '../huawei/support.ts';
export const aliyun = { ...IDS, password: 'Demo12' } as const;
export const hpc = { user: 'demo', clusterId: '11112', session: 'gv101--demo--SIG--4', password: 'demovnc1' };

/** `ws://host:port` of a running emulator. */
export const wsBase = (running: RunningEmulator) => running.url.replace(/^http/, 'ws');

/** A console URL from Huawei's Nova-compatible API, as a portal gets it. */
export async function huaweiConsoleUrl(running: RunningEmulator, serverId = demo.active): Promise<URL> {
  const token = await iamToken(running.url);
  const response = await nova(running.url, consolesPath(serverId), {
    token,
    version: '2.6',
    body: { remote_console: { protocol: 'vnc', type: 'novnc' } },
  });
  if (response.status !== 200)
    throw new Error(`remote-consoles: ${response.status} ${await response.text()}`);
  return new URL(((await response.json()) as { remote_console: { url: string } }).remote_console.url);
}

/** `VncUrl` from DescribeInstanceVncUrl, exactly as answered (percent-encoded once). */
export async function aliyunVncUrl(
  running: RunningEmulator,
  instanceId: string = IDS.running,
): Promise<string> {
  const response = await callV1(running, {
    Action: 'DescribeInstanceVncUrl',
    RegionId: 'cn-hangzhou',
    InstanceId: instanceId,
  });
  if (response.status !== 200)
    throw new Error(`DescribeInstanceVncUrl: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { VncUrl: string }).VncUrl;
}

/** The websocket URL inside a VncUrl (what the console page connects to). */
export const aliyunSocketUrl = (vncUrl: string) => decodeURIComponent(vncUrl);

/** The page a portal opens for a VncUrl: Alibaba's console page, served by the emulator. */
export const aliyunPageUrl = (running: RunningEmulator, vncUrl: string, password?: string) =>
  `${running.url}/aliyun/ecs-console-vnc2/0.0.8/index.html?vncUrl=${vncUrl}&instanceId=${IDS.running}&isWindows=false${
    password ? `&password=${password}` : ''
  }`;

async function hpcCall(running: RunningEmulator, method: string, path: string, token?: string) {
  const response = await fetch(`${running.url}${path}`, {
    method,
    headers: token ? { token } : { user: hpc.user, password: 'demo-password', orgId: 'demo-org' },
  });
  return (await response.json()) as { code: string; msg: string; data: unknown };
}

/** A region token for the HPC demo user. */
export async function hpcToken(running: RunningEmulator): Promise<string> {
  const answer = await hpcCall(running, 'POST', '/ac/openapi/v2/tokens');
  const regions = answer.data as Array<{ clusterId: string; token: string }>;
  return regions.find((r) => r.clusterId === hpc.clusterId)?.token as string;
}

/** The demo session's launch URL, joined to the emulator's origin (`withDomain: false`). */
export async function hpcLaunchUrl(running: RunningEmulator, token?: string): Promise<string> {
  const answer = await hpcCall(
    running,
    'GET',
    `/hpc/openapi/v2/desktop/vnc/${hpc.session}/launchurl`,
    token ?? (await hpcToken(running)),
  );
  if (answer.code !== '0') throw new Error(`launchurl: ${answer.code} ${answer.msg}`);
  return `${running.url}${(answer.data as { novncUrl: string }).novncUrl}`;
}

export async function hpcDeleteSession(running: RunningEmulator, token: string): Promise<void> {
  const answer = await hpcCall(running, 'DELETE', `/hpc/openapi/v2/desktop/vnc/${hpc.session}`, token);
  if (answer.code !== '0') throw new Error(`delete session: ${answer.code} ${answer.msg}`);
}

/** The websocket URL a launch URL's page connects to: `path` up to the next `&`. */
export function hpcSocketUrl(running: RunningEmulator, launchUrl: string): string {
  const path = /[?&]path=([^&]*)/.exec(launchUrl)?.[1] as string;
  return `${wsBase(running)}${path}`;
}
