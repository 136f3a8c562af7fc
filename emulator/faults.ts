import type { Catalogue, CatalogueEntry, ProviderName } from '../contracts/catalogue.ts';
import {
  type ConnectionFaultKind,
  type FaultRule,
  type FaultRuleInput,
  faultRule,
} from '../contracts/faults.ts';
import { parseDuration } from './clock.ts';
import { ProviderError } from './errors.ts';
import { describeIssues } from './issues.ts';

/** Thrown where a fault breaks the connection; the transport turns it into a reset, an empty reply, … */
export class ConnectionFault extends Error {
  constructor(readonly kind: ConnectionFaultKind) {
    super(`fault: connection ${kind}`);
  }
}

/** A rule that cannot be added: bad shape, or an error its provider does not have. */
export class FaultRuleError extends Error {}

/**
 * The longest latency a rule may add. A fault stands for a slow gateway, not a hung one (`connection` faults
 * are for that), and a latency past this would outlive any client's and CI job's timeout, holding the
 * request for hours (and past 2^31 ms Node's timer would fire at once instead).
 */
export const MAX_FAULT_LATENCY_MS = 10 * 60_000;

export interface ActiveFault extends FaultRule {
  id: string;
  /** How many times it has fired. */
  fired: number;
}

/** Where a provider asks whether a fault applies: once the operation and the credential are known. */
export interface FaultPoint {
  provider: ProviderName;
  operation: string;
  credential?: string | undefined;
  resource?: string | undefined;
}

/** A small seeded PRNG (mulberry32), so a probability fault fires the same way on every run. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class FaultEngine {
  readonly #rules: Array<{ rule: ActiveFault; draw: () => number }> = [];
  #next = 1;

  constructor(private readonly catalogueOf: (provider: ProviderName) => Catalogue | undefined) {}

  #entry(rule: FaultRule): CatalogueEntry | undefined {
    if (rule.error === undefined) return undefined;
    const catalogue = this.catalogueOf(rule.provider);
    if (!catalogue) throw new FaultRuleError(`provider ${rule.provider} is not served by this emulator`);
    const entry = catalogue[rule.error] ?? Object.values(catalogue).find((e) => e.code === rule.error);
    if (!entry) {
      throw new FaultRuleError(
        `${rule.provider} has no error "${rule.error}"; known: ${Object.keys(catalogue).sort().join(', ')}`,
      );
    }
    return entry;
  }

  add(input: FaultRuleInput | unknown): ActiveFault {
    const parsed = faultRule().safeParse(input);
    if (!parsed.success) throw new FaultRuleError(describeIssues(parsed.error.issues, input));
    const { latency } = parsed.data;
    if (latency !== undefined && parseDuration(latency) > MAX_FAULT_LATENCY_MS) {
      throw new FaultRuleError(`latency: must be at most 10 minutes, got ${JSON.stringify(latency)}`);
    }
    this.#entry(parsed.data);
    const rule: ActiveFault = { ...parsed.data, id: `fault-${this.#next++}`, fired: 0 };
    this.#rules.push({ rule, draw: prng(parsed.data.seed ?? 1) });
    return rule;
  }

  list(): ActiveFault[] {
    return this.#rules.map((r) => ({ ...r.rule }));
  }

  remove(id: string): boolean {
    const index = this.#rules.findIndex((r) => r.rule.id === id || r.rule.name === id);
    if (index < 0) return false;
    this.#rules.splice(index, 1);
    return true;
  }

  clear(): void {
    this.#rules.length = 0;
  }

  /** Whether any rule is set: without one, `apply` does nothing, and callers may skip working out its point. */
  get armed(): boolean {
    return this.#rules.length > 0;
  }

  /**
   * Applies the first rule that matches: waits its latency, then breaks the connection or throws its
   * catalogue error. A rule whose `times` are used up is dropped.
   */
  async apply(point: FaultPoint): Promise<void> {
    const index = this.#rules.findIndex(({ rule, draw }) => {
      if (rule.provider !== point.provider) return false;
      if (rule.operation !== undefined && rule.operation !== point.operation) return false;
      if (rule.credential !== undefined && rule.credential !== point.credential) return false;
      if (rule.resource !== undefined && rule.resource !== point.resource) return false;
      return rule.probability === undefined || draw() < rule.probability;
    });
    const found = this.#rules[index];
    if (!found) return;
    const { rule } = found;
    rule.fired++;
    if (rule.times !== undefined && rule.fired >= rule.times) this.#rules.splice(index, 1);
    if (rule.latency !== undefined) await sleep(parseDuration(rule.latency));
    if (rule.connection) throw new ConnectionFault(rule.connection);
    const entry = this.#entry(rule);
    if (entry) throw new ProviderError(entry, rule.params ?? {});
  }
}
