import { expect } from 'vitest';
import { operation } from '../contracts/operations.ts';
import { judge } from './match.ts';

/**
 * `await expect(response).toMatchContract('<provider>.<operation>')`: the answer is one the
 * operation documents (its success, or one of its catalogue errors) and its body has the contract's shape.
 * `toMatchContract(id, 'InstanceNotReady')` asks for that catalogue error, `toMatchContract(id, 'success')`
 * for the success. Takes a `Response` (read from a clone) or `{ status, headers?, body }`.
 */
export type ContractSubject =
  | Response
  | { status: number; headers?: Headers | Record<string, string>; body: string | object };

async function answerOf(subject: ContractSubject) {
  // Duck-typed: @hono/node-server replaces the global Response, so fetch's answers fail `instanceof Response`.
  if ('clone' in subject && typeof subject.clone === 'function') {
    return { status: subject.status, headers: subject.headers, text: await subject.clone().text() };
  }
  return {
    status: subject.status,
    headers: new Headers(subject.headers ?? {}),
    text: typeof subject.body === 'string' ? subject.body : JSON.stringify(subject.body),
  };
}

export const contractMatchers = {
  async toMatchContract(received: ContractSubject, id: string, expected: string = 'documented') {
    const op = operation(id);
    const entry =
      expected === 'documented' || expected === 'success'
        ? undefined
        : op.errors.find((e) => e.key === expected);
    if (expected !== 'documented' && expected !== 'success' && !entry) {
      throw new Error(
        `${id} documents no error "${expected}"; it has ${op.errors.map((e) => e.key).join(', ')}`,
      );
    }
    const judgement = judge(op, await answerOf(received), entry ?? (expected as 'documented' | 'success'));
    const wanted = expected === 'documented' ? 'an answer it documents' : expected;
    return {
      pass: judgement.ok,
      message: () =>
        judgement.ok
          ? `expected the answer not to match ${id} (${wanted}), got ${judgement.got}`
          : `expected ${wanted} of ${id}, got ${judgement.got}\n${judgement.problems.map((p) => `  - ${p}`).join('\n')}`,
    };
  },
};

/** Adds `toMatchContract` to vitest's `expect`; import `console-emulator/kit/vitest` in a setup file or test. */
export function installContractMatchers(): void {
  expect.extend(contractMatchers);
}

installContractMatchers();

interface ContractMatchers<R = unknown> {
  toMatchContract(id: string, expected?: string): Promise<R>;
}

declare module 'vitest' {
  // biome-ignore lint/suspicious/noExplicitAny: vitest's own Assertion<T = any> signature, which this merges into.
  interface Assertion<T = any> extends ContractMatchers<T> {}
  interface AsymmetricMatchersContaining extends ContractMatchers {}
}
