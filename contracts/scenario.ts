import { z } from 'zod';
import { aliyunScenario } from './aliyun/scenario.ts';
import { hpcScenario } from './hpc/scenario.ts';
import { huaweiScenario } from './huawei/scenario.ts';

/**
 * A scenario: each provider's credentials, resources and settings. A provider left out is not served.
 * Each provider contributes its own part; this file only composes them.
 */
export const scenario = z.object({
  aliyun: aliyunScenario.optional(),
  huawei: huaweiScenario.optional(),
  hpc: hpcScenario.optional(),
});
export type ScenarioInput = z.input<typeof scenario>;
export type Scenario = z.infer<typeof scenario>;
