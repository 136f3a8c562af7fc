import type { ScenarioInput } from '../../contracts/scenario.ts';
import type { EmulatorContext, Provider } from '../provider.ts';
import { createHuaweiProvider } from './huawei/index.ts';
import type { HuaweiModel } from './huawei/model.ts';

/** Each provider's state, as `createEmulator().state` exposes it. */
export interface ProviderStates {
  huawei?: HuaweiModel;
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
  if (scenario.huawei) {
    const huawei = createHuaweiProvider(scenario.huawei, ctx);
    states.huawei = huawei.state;
    list.push(huawei);
  }
  return { list, states };
}
