import { z } from 'zod';
import { type AnyProviderContract, PROVIDER_CONTRACTS } from './providers.ts';

type ScenarioShape = { [C in AnyProviderContract as C['name']]: z.ZodOptional<C['scenario']> };

/**
 * A scenario: each provider's credentials, resources and settings. A provider left out is not served.
 * Each provider contributes its own part (its contract's `scenario`); this file only composes them.
 */
export const scenario = z.object(
  Object.fromEntries(
    PROVIDER_CONTRACTS.map((contract) => [contract.name, contract.scenario.optional()]),
  ) as ScenarioShape,
);
export type ScenarioInput = z.input<typeof scenario>;
export type Scenario = z.infer<typeof scenario>;
