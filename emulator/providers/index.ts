import type { Scenario } from '../../contracts/scenario.ts';
import type { EmulatorContext, Provider, ProviderModule } from '../provider.ts';
import { aliyun } from './aliyun/index.ts';
import { hpc } from './hpc/index.ts';
import { huawei } from './huawei/index.ts';
import { tencent } from './tencent/index.ts';

/**
 * Every provider the emulator knows, in dispatch order. Order matters where paths are shared: a provider that
 * claims requests (or console websockets) by parameter, as Alibaba's `Action` on `/` and `s` on
 * `/websockify`, must come before one that claims the path itself; Tencent's (an `X-TC-*` header, or
 * `SecretId` and `Nonce`) comes before Alibaba's, which claims every form POST on `/`.
 */
const MODULES = [tencent, aliyun, huawei, hpc] as const;
export const PROVIDER_MODULES: readonly ProviderModule[] = MODULES;

/** Each provider's state, as `createEmulator().state` exposes it: the state type of its module. */
export type ProviderStates = {
  [M in (typeof MODULES)[number] as M['name']]?: M extends ProviderModule<M['name'], infer State>
    ? State
    : never;
};

/**
 * The providers a validated scenario names, built in dispatch order. Each gets a copy of its part: a model keeps
 * the scenario's objects as its state, and `reset()` builds again from the same scenario. A copy of the parsed
 * data is what parsing it again gave, without a second walk through the schemas.
 */
export function createProviders(
  scenario: Scenario,
  ctx: EmulatorContext,
): { list: Provider[]; states: ProviderStates } {
  const states: Record<string, unknown> = {};
  const list: Provider[] = [];
  for (const module of PROVIDER_MODULES) {
    const part = scenario[module.name];
    if (part === undefined) continue;
    const provider = module.create(structuredClone(part), ctx);
    states[module.name] = provider.state;
    list.push(provider);
  }
  // Each module's state type is the one named above for it.
  return { list, states: states as ProviderStates };
}

/** The registered module of a provider (its label, hosts, demo). */
export function providerModule(name: string): ProviderModule | undefined {
  return PROVIDER_MODULES.find((m) => m.name === name);
}
