import type { ScenarioInput } from '../contracts/scenario.ts';
import { PROVIDER_MODULES } from './providers/index.ts';

/** The built-in demo scenario that `npm start` serves: every provider, every state a test needs. */
export const demoScenario: ScenarioInput = Object.fromEntries(PROVIDER_MODULES.map((m) => [m.name, m.demo]));
