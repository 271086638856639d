import type { AlertRule } from '@marhaba/shared';
import type { AppConfig } from '../../config/config.js';
import type { Transactions, Tx } from '../../database/transactions.js';
import type { AlertsRepository } from './alerts.repository.js';
import { AlertsService } from './alerts.service.js';

/** A repository holding these open alerts; it records the rules read and the sites cleared. */
function fakeRepository(open: { rule: AlertRule; siteId: string }[]) {
  const calls = { reads: [] as AlertRule[][], cleared: [] as string[][] };
  const repository = {
    findActive: async (_m: unknown, ...rules: AlertRule[]) => {
      calls.reads.push(rules);
      return open.filter((a) => rules.includes(a.rule)).map((a) => ({ ...a, subject: a.rule, level: 'warning' }));
    },
    clearAtSites: async (_m: unknown, rule: AlertRule, siteIds: string[]) => {
      calls.cleared.push(siteIds);
      return siteIds.map((siteId) => ({ rule, siteId }));
    },
  };
  return { calls, repository: repository as unknown as AlertsRepository };
}

function fakeTx() {
  const published: unknown[] = [];
  return { published, tx: { manager: {}, publish: (e: unknown) => published.push(e) } as unknown as Tx };
}

describe('AlertsService.evaluateTraffic', () => {
  it('should end the silence only at the sites that have one open, read with the surges in one call', async () => {
    const { calls, repository } = fakeRepository([{ rule: 'site_silent', siteId: 'nador' }, { rule: 'site_silent', siteId: 'jebha' }]);
    const { published, tx } = fakeTx();
    const sut = new AlertsService(repository, {} as Transactions, {} as AppConfig);
    await sut.evaluateTraffic(tx, [], ['nador', 'tanger-med']);
    expect(calls.reads).toEqual([['traffic_surge', 'site_silent']]);
    expect(calls.cleared).toEqual([['nador']]);
    expect(published).toEqual([{ name: 'alert.changed', payload: { rule: 'site_silent', siteId: 'nador' } }]);
  });

  it('should run no clearing when none of the sites has an open silence', async () => {
    const { calls, repository } = fakeRepository([{ rule: 'site_silent', siteId: 'jebha' }]);
    const sut = new AlertsService(repository, {} as Transactions, {} as AppConfig);
    await sut.evaluateTraffic(fakeTx().tx, [], ['nador']);
    expect(calls.cleared).toEqual([]);
  });

  it('should read only the surges when no site ends a silence', async () => {
    const { calls, repository } = fakeRepository([{ rule: 'site_silent', siteId: 'nador' }]);
    const sut = new AlertsService(repository, {} as Transactions, {} as AppConfig);
    await sut.evaluateTraffic(fakeTx().tx, []);
    expect(calls.reads).toEqual([['traffic_surge']]);
    expect(calls.cleared).toEqual([]);
  });
});
