import { describe, expect, it } from '@jest/globals';
import { seededRandom } from './random.js';
import { casesOfDay, escalatingChanges, withCountedChangesOnly } from './season-cases.js';

const budget = {
  cases: new Map([['medical', new Map([['tanger-med', [0, 200]]])]] as const),
  escalated: new Map([['medical', new Map([['tanger-med', [0, 30]]])]] as const),
};

function day() {
  return casesOfDay(budget, ['tanger-med'], 1, seededRandom('cases'), (minute) => Math.round(minute * 60_000));
}

describe(casesOfDay.name, () => {
  it("should open the day's cases in time order, the budgeted number escalated once each", () => {
    const sut = day();
    expect(sut).toHaveLength(200);
    expect(sut.every((c, i) => i === 0 || sut[i - 1].at <= c.at)).toBe(true);
    expect(sut.filter((c) => escalatingChanges(c).length > 0)).toHaveLength(30);
    expect(sut.every((c) => escalatingChanges(c).length <= 1)).toBe(true);
  });

  it('should number the changes of each case from 1 and let only the office act after escalation', () => {
    for (const c of day()) {
      expect(c.changes.map((ch) => ch.patch.version)).toEqual(c.changes.map((_, i) => i + 1));
      const escalation = c.changes.findIndex((ch) => ch.patch.status === 'escalated');
      if (escalation >= 0) expect(c.changes.slice(escalation + 1).every((ch) => ch.by === 'coordinator')).toBe(true);
    }
  });
});

describe(withCountedChangesOnly.name, () => {
  it('should keep only the escalations, renumbered from version 1', () => {
    const sut = withCountedChangesOnly({ day: '2024-06-06', movements: [], holding: [], cases: day() });
    const changes = sut.cases.flatMap((c) => c.changes);
    expect(changes).toHaveLength(30);
    expect(changes.every((ch) => ch.patch.status === 'escalated' && ch.patch.version === 1 && ch.by === 'site')).toBe(true);
  });
});
