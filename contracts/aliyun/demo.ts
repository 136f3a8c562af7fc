import type { AliyunScenarioInput } from './scenario.ts';

const ACCESS_KEY = { accessKeyId: 'LTAI5tDemoAccessKey00001', accessKeySecret: 'demo-aliyun-secret' };

/**
 * The built-in Alibaba demo (a public interface: the issue names these credentials and instances). Ids are
 * fixed, in Alibaba's form: `i-bp…` in Hangzhou, `i-m5e…` in Qingdao.
 */
export const aliyunDemo: AliyunScenarioInput = {
  regions: [
    { regionId: 'cn-hangzhou', localName: '华东1（杭州）', localNameEn: 'China (Hangzhou)' },
    { regionId: 'cn-qingdao', localName: '华北1（青岛）', localNameEn: 'China (Qingdao)' },
  ],
  accessKeys: [ACCESS_KEY],
  instances: [
    {
      instanceId: 'i-bp1demorunning000001',
      instanceName: 'demo-running',
      regionId: 'cn-hangzhou',
      zoneId: 'cn-hangzhou-h',
      status: 'Running',
      osType: 'linux',
      vncPassword: 'Demo12',
    },
    {
      instanceId: 'i-bp1demowindows000002',
      instanceName: 'demo-windows',
      regionId: 'cn-hangzhou',
      zoneId: 'cn-hangzhou-h',
      status: 'Running',
      osType: 'windows',
      vncPassword: 'Win123',
    },
    {
      instanceId: 'i-bp1demostopped000003',
      instanceName: 'demo-stopped',
      regionId: 'cn-hangzhou',
      zoneId: 'cn-hangzhou-i',
      status: 'Stopped',
      osType: 'linux',
      vncPassword: 'Demo12',
    },
    {
      instanceId: 'i-bp1demopending000004',
      instanceName: 'demo-pending',
      regionId: 'cn-hangzhou',
      zoneId: 'cn-hangzhou-i',
      status: 'Pending',
      osType: 'linux',
    },
    {
      instanceId: 'i-m5edemoqingdao000005',
      instanceName: 'demo-qingdao',
      regionId: 'cn-qingdao',
      zoneId: 'cn-qingdao-b',
      status: 'Running',
      osType: 'linux',
      vncPassword: 'Demo12',
    },
  ],
};

const instance = (name: string) =>
  aliyunDemo.instances?.find((i) => i.instanceName === name)?.instanceId ?? '';

/**
 * The AccessKey, region and the instances that provoke each documented answer: the one copy the contract kit,
 * the bench and the tests use.
 */
export const aliyunDemoCredentials = {
  ...ACCESS_KEY,
  regionId: 'cn-hangzhou',
  instances: {
    running: instance('demo-running'),
    stopped: instance('demo-stopped'),
    pending: instance('demo-pending'),
    otherRegion: instance('demo-qingdao'),
  },
};
