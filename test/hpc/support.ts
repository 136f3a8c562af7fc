import { hpcDemo } from '../../contracts/hpc/demo.ts';
import type { HpcScenarioInput } from '../../contracts/hpc/scenario.ts';
import { errorEnvelope } from '../../contracts/hpc/schemas.ts';
import type { ScenarioInput } from '../../contracts/scenario.ts';
import { createClock } from '../../emulator/clock.ts';
import type { HpcModel } from '../../emulator/providers/hpc/model.ts';
import type { RunningEmulator } from '../../emulator/server.ts';

/** 2026-03-02 12:00 China Standard Time: far from the 01:00 idle cleanup, so suites are deterministic. */
export const NOON_CST = '2026-03-02T04:00:00.000Z';

export const frozenClock = () => createClock({ start: NOON_CST, frozen: true });

/** The demo scenario with some settings changed (only the HPC provider served). */
export function demoWith(
  settings: HpcScenarioInput['settings'],
  extra: Partial<HpcScenarioInput> = {},
): ScenarioInput {
  return { hpc: { ...hpcDemo, ...extra, settings } };
}

export interface Answer {
  status: number;
  headers: Headers;
  /** The parsed JSON body. */
  body: { code?: string; msg?: string; data?: unknown; [key: string]: unknown };
}

export function client(holder: { current: RunningEmulator }) {
  const call = async (
    method: string,
    path: string,
    headers: Record<string, string> = {},
    body?: string,
  ): Promise<Answer> => {
    const response = await fetch(`${holder.current.url}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body }),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: JSON.parse(text) as Answer['body'] };
  };
  const tokens = async (user = 'demo', password = 'demo-password') => {
    const answer = await call('POST', '/ac/openapi/v2/tokens', { user, password, orgId: 'demo-org' });
    return answer.body.data as Array<{ clusterName: string; clusterId: string; token: string | null }>;
  };
  const regionToken = async (user = 'demo', clusterId = '11112') =>
    (await tokens(user)).find((t) => t.clusterId === clusterId)?.token as string;
  const platformToken = async (user = 'demo') => regionToken(user, '0');
  return {
    call,
    tokens,
    regionToken,
    platformToken,
    get model(): HpcModel {
      return holder.current.emulator.state.hpc as HpcModel;
    },
    get clock() {
      return holder.current.emulator.clock;
    },
  };
}

/** What a business error looks like on the wire: HTTP 200, the envelope, `data: null`. */
export function envelopeError(code: string, msg: string) {
  return { status: 200, body: errorEnvelope.parse({ code, msg, data: null }) };
}
