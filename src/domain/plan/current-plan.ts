/**
 * Which of a chamber's plans is "the plan" today: the one whose period contains the
 * fiscal year; failing that, the most recent one that has started; failing that, the
 * earliest one yet to start.
 */
export interface PlanPeriod {
  firstYear: number;
  lastYear: number;
}

export function pickCurrentPlan<T extends PlanPeriod>(plans: readonly T[], fiscalYear: number): T | undefined {
  const covering = plans.find((p) => p.firstYear <= fiscalYear && fiscalYear <= p.lastYear);
  if (covering) return covering;
  const started = plans.filter((p) => p.firstYear <= fiscalYear).sort((a, b) => b.firstYear - a.firstYear);
  if (started[0]) return started[0];
  return [...plans].sort((a, b) => a.firstYear - b.firstYear)[0];
}
