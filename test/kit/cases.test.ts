import { describe, expect, it } from 'vitest';
import { operation, operations } from '../../contracts/operations.ts';
import { contractCases } from '../../kit/cases.ts';
import { demoCredentials } from '../../kit/credentials.ts';
import { createDriver } from '../../kit/drivers.ts';
import { judge } from '../../kit/match.ts';
import { expectedText } from '../../kit/verify.ts';
import { useEmulator } from '../helpers.ts';

// The contract cases `verify` runs against any provider, run here against the emulator one by one.
describe.each(['huawei', 'aliyun', 'hpc'] as const)('%s contract cases against the emulator', (provider) => {
  const emu = useEmulator();
  const cases = contractCases[provider];

  it.each(cases.map((c) => [`${c.operation}: ${c.title} → ${expectedText(c)}`, c] as const))(
    '%s',
    async (_name, c) => {
      const answer = await createDriver(provider, emu.current.url, demoCredentials[provider]).send(c);
      const judgement = judge(operation(`${provider}.${c.operation}`), answer, c.expect);
      expect(judgement.problems, judgement.got).toEqual([]);
    },
  );

  it('has a success case for every operation but the two that would destroy real state', () => {
    const succeeding = new Set(cases.filter((c) => c.expect === 'success').map((c) => c.operation));
    expect(operations[provider].map((op) => op.name).filter((name) => !succeeding.has(name))).toEqual(
      provider === 'aliyun' ? ['ModifyInstanceVncPasswd'] : provider === 'hpc' ? ['deleteVncSession'] : [],
    );
  });
});
