import { aliyunDemo } from '../contracts/aliyun/demo.ts';
import { hpcDemo } from '../contracts/hpc/demo.ts';
import { huaweiDemo } from '../contracts/huawei/demo.ts';
import type { ScenarioInput } from '../contracts/scenario.ts';

/** The built-in demo scenario that `npm start` serves: every provider, every state a test needs. */
export const demoScenario: ScenarioInput = {
  aliyun: aliyunDemo,
  huawei: huaweiDemo,
  hpc: hpcDemo,
};
