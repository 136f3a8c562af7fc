import { AliyunClient, type AliyunClientOptions, aliyunConsolePageUrl } from './aliyun.ts';
import { HpcClient, type HpcClientOptions } from './hpc.ts';
import { HuaweiClient, type HuaweiClientOptions } from './huawei.ts';

export type ConsoleUrlRequest =
  | {
      provider: 'huawei';
      client: HuaweiClient | HuaweiClientOptions;
      serverId: string;
      /** Nova's remote-consoles (default) or Huawei's native ShowServerRemoteConsole. */
      api?: 'nova' | 'native';
    }
  | {
      provider: 'aliyun';
      client: AliyunClient | AliyunClientOptions;
      regionId: string;
      instanceId: string;
      isWindows: boolean;
      /** The instance's VNC password, so that the page does not ask for it. */
      password?: string;
      /** The console page (Alibaba's on g.alicdn.com by default; the emulator serves a stand-in). */
      page?: string;
    }
  | {
      provider: 'hpc';
      client: HpcClient | HpcClientOptions;
      /** The session to open; the user's session (created when there is none) otherwise. */
      sessionId?: string;
    };

/**
 * The URL a browser opens to see a machine's console, whichever provider: Huawei's `vnc_auto.html` URL,
 * Alibaba's console page around a fresh `VncUrl`, or the HPC launch URL joined to its region's `hpcUrls`.
 */
export async function getConsoleUrl(request: ConsoleUrlRequest): Promise<string> {
  switch (request.provider) {
    case 'huawei': {
      const client =
        request.client instanceof HuaweiClient ? request.client : new HuaweiClient(request.client);
      const console =
        request.api === 'native'
          ? await client.showServerRemoteConsole(request.serverId)
          : await client.remoteConsoles(request.serverId);
      return console.url;
    }
    case 'aliyun': {
      const client =
        request.client instanceof AliyunClient ? request.client : new AliyunClient(request.client);
      const { vncUrl } = await client.describeInstanceVncUrl(request);
      return aliyunConsolePageUrl({
        vncUrl,
        instanceId: request.instanceId,
        isWindows: request.isWindows,
        ...(request.password === undefined ? {} : { password: request.password }),
        ...(request.page === undefined ? {} : { page: request.page }),
      });
    }
    case 'hpc': {
      const client = request.client instanceof HpcClient ? request.client : new HpcClient(request.client);
      const sessionId = request.sessionId ?? (await client.createSession()).sessionId;
      return client.launchUrl(sessionId);
    }
  }
}
