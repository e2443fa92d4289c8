import type { Fault, FaultRule } from './types.js';

interface ActiveRule {
  match: FaultRule['match'];
  fault: Fault;
  remaining: number;
}

/** The injected rules, in insertion order; each match uses up one of the rule's `times`. */
export class RuleBook {
  private rules: ActiveRule[] = [];

  add(rule: FaultRule): () => void {
    const active: ActiveRule = { match: rule.match, fault: rule.fault, remaining: rule.times ?? 1 };
    this.rules.push(active);
    return () => {
      this.rules = this.rules.filter((candidate) => candidate !== active);
    };
  }

  clear(): void {
    this.rules = [];
  }

  /** The fault for this request, if any rule with remaining uses matches it (that use is consumed). */
  take(method: string, pathAndQuery: string): Fault | undefined {
    const subject = `${method} ${pathAndQuery}`;
    const rule = this.rules.find(
      (candidate) => candidate.remaining > 0 && matches(candidate, method, subject),
    );
    if (!rule) return undefined;
    rule.remaining -= 1;
    // Spent rules go, so the book does not grow over a long test (Infinity never reaches 0).
    if (rule.remaining <= 0) this.rules = this.rules.filter((candidate) => candidate !== rule);
    return rule.fault;
  }
}

function matches(rule: ActiveRule, method: string, subject: string): boolean {
  const { method: wanted, url } = rule.match;
  if (wanted !== undefined && wanted.toUpperCase() !== method.toUpperCase()) return false;
  if (url) {
    // A /g or /y RegExp carries lastIndex between calls; start every test from the beginning.
    url.lastIndex = 0;
    if (!url.test(subject)) return false;
  }
  return true;
}
