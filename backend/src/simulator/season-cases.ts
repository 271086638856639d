import { AGE_BANDS, CASE_CATEGORIES, CASE_SUBCATEGORIES, isEscalation, SEXES, VULNERABILITIES, type CaseCategory, type CaseCreate, type CaseStatus } from '@marhaba/shared';
import { pickWeighted, seededUuid, shuffle, type Random } from './random.js';
import type { SeasonBudget } from './season-budget.js';
import type { DayPlan, PlannedCase, PlannedChange } from './season-plan.js';
import { CASE_FLOW, CASE_PRIORITIES, HOURS } from './season-profiles.js';
import { sampleMinute } from './season-sampling.js';

/** The day's cases at every site; the escalated ones go to the Central Coordination Office, which resolves most. */
export function casesOfDay(budget: Pick<SeasonBudget, 'cases' | 'escalated'>, siteIds: string[], index: number, random: Random, at: (minute: number) => number): PlannedCase[] {
  const out: PlannedCase[] = [];
  for (const c of CASE_CATEGORIES) {
    for (const siteId of siteIds) {
      const opened = budget.cases.get(c)?.get(siteId)?.[index] ?? 0;
      if (opened === 0) continue;
      const escalated = new Set(shuffle([...Array(opened).keys()], random).slice(0, budget.escalated.get(c)?.get(siteId)?.[index] ?? 0));
      for (let k = 0; k < opened; k++) out.push(plannedCase(siteId, c, escalated.has(k), at(sampleMinute(HOURS.desk, random)), random));
    }
  }
  return out.sort((a, b) => a.at - b.at);
}

function plannedCase(siteId: string, category: CaseCategory, escalate: boolean, openedAt: number, random: Random): PlannedCase {
  const subcategories: readonly string[] = CASE_SUBCATEGORIES[category];
  const input: CaseCreate = {
    id: seededUuid(random),
    siteId,
    category,
    subcategory: subcategories[Math.floor(random() * subcategories.length)],
    priority: pickWeighted(CASE_PRIORITIES[category], random),
    ...(random() < CASE_FLOW.beneficiaryShare
      ? {
          beneficiary: {
            sex: SEXES[Math.floor(random() * 2)],
            ageBand: AGE_BANDS[Math.floor(random() * AGE_BANDS.length)],
            ...(random() < CASE_FLOW.vulnerableShare ? { vulnerabilities: [VULNERABILITIES[Math.floor(random() * VULNERABILITIES.length)]] } : {}),
          },
        }
      : {}),
    openedAt: new Date(openedAt).toISOString(),
  };
  const changes: PlannedChange[] = [];
  let t = openedAt;
  const change = (by: PlannedChange['by'], status: CaseStatus, after: { min: number; spread: number }) => {
    t += Math.round((after.min + random() * after.spread) * 60_000);
    changes.push({ at: t, by, patch: { changeId: seededUuid(random), version: changes.length + 1, status } });
  };
  const r = random();
  const { escalated, onSite } = CASE_FLOW;
  if (escalate) {
    if (r < escalated.startedFirst) change('site', 'in_progress', escalated.start);
    change('site', 'escalated', escalated.escalate);
    if (random() < escalated.resolvedByOffice) change('coordinator', 'resolved', escalated.resolve);
  } else if (r < onSite.resolved) {
    if (random() < onSite.startedFirst) change('site', 'in_progress', onSite.start);
    change('site', 'resolved', onSite.resolve);
  } else if (r < onSite.startedOnly) {
    change('site', 'in_progress', onSite.startOnly);
  }
  return { at: openedAt, input, changes };
}

/** The changes of a planned case that escalate it (`isEscalation`): what the statistics count, once per case. */
export function escalatingChanges(c: PlannedCase): PlannedChange[] {
  return c.changes.filter((ch, i) => isEscalation(i === 0 ? 'open' : c.changes[i - 1].patch.status, ch.patch.status));
}

/**
 * The plan with only the status changes the statistics count (escalations), versions renumbered: the
 * same figures with far fewer requests, for the full-season check in CI.
 */
export function withCountedChangesOnly(plan: DayPlan): DayPlan {
  return {
    ...plan,
    cases: plan.cases.map((c) => ({
      ...c,
      changes: escalatingChanges(c).map((ch, i) => ({ ...ch, by: 'site' as const, patch: { ...ch.patch, version: i + 1 } })),
    })),
  };
}
