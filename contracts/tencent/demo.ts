import type { TencentScenarioInput } from './scenario.ts';

const KEY = { secretId: 'AKIDDEMOTENCENT000000000000000000001', secretKey: 'demo-tencent-secret' };

/**
 * The built-in Tencent demo (a public interface: these credentials and instances are named in the docs).
 * Ids are fixed, in CVM's form: `ins-` and eight lower-case letters or digits.
 */
export const tencentDemo: TencentScenarioInput = {
  regions: [
    { region: 'ap-guangzhou', regionName: '华南地区(广州)' },
    { region: 'ap-shanghai', regionName: '华东地区(上海)' },
  ],
  keys: [KEY],
  instances: [
    {
      instanceId: 'ins-demorun1',
      instanceName: 'demo-running',
      region: 'ap-guangzhou',
      zone: 'ap-guangzhou-3',
      instanceState: 'RUNNING',
      osName: 'TencentOS Server 3.1 (TK4)',
    },
    {
      instanceId: 'ins-demostp2',
      instanceName: 'demo-stopped',
      region: 'ap-guangzhou',
      zone: 'ap-guangzhou-3',
      instanceState: 'STOPPED',
    },
    {
      instanceId: 'ins-demopnd3',
      instanceName: 'demo-pending',
      region: 'ap-guangzhou',
      zone: 'ap-guangzhou-4',
      instanceState: 'PENDING',
    },
    {
      instanceId: 'ins-demosha4',
      instanceName: 'demo-shanghai',
      region: 'ap-shanghai',
      zone: 'ap-shanghai-2',
      instanceState: 'RUNNING',
      osType: 'ubuntu',
      osName: 'Ubuntu Server 22.04 LTS 64位',
    },
  ],
};

/** The demo's credentials and resources, for the kit, the bench and tests. */
export const tencentDemoCredentials = {
  ...KEY,
  region: 'ap-guangzhou',
  instances: {
    running: 'ins-demorun1',
    stopped: 'ins-demostp2',
    pending: 'ins-demopnd3',
    otherRegion: 'ins-demosha4',
  },
};
