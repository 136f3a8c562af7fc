import type { ScenarioInput } from '../contracts/scenario.ts';
import { aliyunDemo } from './providers/aliyun/demo.ts';
import { hpcDemo } from './providers/hpc/demo.ts';
import { huaweiDemo } from './providers/huawei/demo.ts';

/** The built-in demo scenario that `npm start` serves: every provider, every state a test needs. */
export const demoScenario: ScenarioInput = {
  aliyun: aliyunDemo,
  huawei: huaweiDemo,
  hpc: hpcDemo,
};
