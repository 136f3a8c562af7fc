import type { ScenarioInput } from '../../contracts/scenario.ts';
import type { EmulatorContext, Provider } from '../provider.ts';
import { createAliyunProvider } from './aliyun/index.ts';
import type { AliyunModel } from './aliyun/model.ts';
import { createHpcProvider } from './hpc/index.ts';
import type { HpcModel } from './hpc/model.ts';
import { createHuaweiProvider } from './huawei/index.ts';
import type { HuaweiModel } from './huawei/model.ts';

/** Each provider's state, as `createEmulator().state` exposes it. */
export interface ProviderStates {
  aliyun?: AliyunModel;
  huawei?: HuaweiModel;
  hpc?: HpcModel;
}

/**
 * Builds the providers a scenario names. Order matters where paths are shared: a provider that claims
 * requests by parameter (Alibaba's `Action` on `/`) must come before one that claims `/` by path.
 */
export function createProviders(
  scenario: ScenarioInput,
  ctx: EmulatorContext,
): { list: Provider[]; states: ProviderStates } {
  const states: ProviderStates = {};
  const list: Provider[] = [];
  if (scenario.aliyun) {
    const aliyun = createAliyunProvider(scenario.aliyun, ctx);
    states.aliyun = aliyun.state;
    list.push(aliyun);
  }
  if (scenario.huawei) {
    const huawei = createHuaweiProvider(scenario.huawei, ctx);
    states.huawei = huawei.state;
    list.push(huawei);
  }
  if (scenario.hpc) {
    const hpc = createHpcProvider(scenario.hpc, ctx);
    states.hpc = hpc.state;
    list.push(hpc);
  }
  return { list, states };
}
