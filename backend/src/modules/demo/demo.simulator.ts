import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { operationDay, operationDayStart, workingEdition, type AuthUser, type MovementInput } from '@marhaba/shared';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { toApiError } from '../../common/api-error.js';
import { SeasonModel, seasonTargets, type DayPlan, type PlannedCase } from '../../simulator/season-model.js';
import { AccountsService } from '../auth/accounts.service.js';
import { CasesService } from '../cases/cases.service.js';
import { referenceEditions } from '../../reference/reference-data.js';
import { EditionsService } from '../editions/editions.service.js';
import { SitesService } from '../sites/sites.service.js';
import { TrafficService } from '../traffic/traffic.service.js';

const TICK_MS = 2_000;

/**
 * The season day the demo plays on a real day: the same month and day in the working edition, or out of
 * season a mid-July day of the same weekday (the plateau), so that the console is busy at any time of year.
 */
export function seasonDayFor(days: string[], realDay: string): number {
  const same = days.findIndex((d) => d.slice(5) === realDay.slice(5));
  if (same >= 0) return same;
  const weekday = new Date(realDay).getUTCDay();
  const plateau = days.findIndex((d) => d.slice(5) >= '07-15' && new Date(d).getUTCDay() === weekday);
  return plateau >= 0 ? plateau : Math.floor(days.length / 2);
}

interface Playing {
  realDay: string;
  /** Real time minus season time: added to every planned instant. */
  shift: number;
  plan: DayPlan;
  next: { movements: number; cases: number; holding: number };
  /** Status changes of cases already opened, waiting for their time. */
  changes: { at: number; c: PlannedCase; k: number }[];
}

/**
 * Demo mode's live traffic: plays the current time of day of a season day from the season model (the
 * same model the `npm run simulate` CLI replays), in-process through the services, as the sites' own
 * users. On start it catches up from midnight, so "today" is a plausible day at any hour; ids are
 * derived from the real day, so a restart resends them as harmless duplicates.
 */
@Injectable()
export class DemoSimulator implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DemoSimulator.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private model: SeasonModel | null = null;
  private playing: Playing | null = null;
  private readonly users = new Map<string, AuthUser | null>();
  /**
   * Set at shutdown. The catch-up from midnight at start sends a day's hours at once, longer than the shutdown
   * timeout: it stops between two sends instead, and what it had not sent the next start sends (same ids).
   */
  private stopping = false;

  constructor(
    private readonly sites: SitesService,
    private readonly editions: EditionsService,
    private readonly accounts: AccountsService,
    private readonly traffic: TrafficService,
    private readonly cases: CasesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.demo || !this.config.simulator) return;
    this.timer = setInterval(() => {
      this.running ??= this.tick(new Date())
        .catch((error: unknown) => this.logger.warn(`simulator tick failed: ${toApiError(error).message}`))
        .finally(() => (this.running = null));
    }, TICK_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** Sends everything planned up to `now` that was not sent yet. */
  async tick(now: Date): Promise<void> {
    const realDay = operationDay(now);
    if (this.playing?.realDay !== realDay) await this.start(realDay);
    const p = this.playing;
    if (!p) return;
    const until = now.getTime() - p.shift;
    const movements = p.plan.movements.slice(p.next.movements, lastIndexUntil(p.plan.movements, until, p.next.movements));
    p.next.movements += movements.length;
    await this.sendMovements(movements.map((m) => ({ ...m.movement, occurredAt: new Date(m.at + p.shift).toISOString() })), now);

    for (; !this.stopping && p.next.holding < p.plan.holding.length && p.plan.holding[p.next.holding].at <= until; p.next.holding++) {
      const h = p.plan.holding[p.next.holding];
      const user = await this.user(`assistant-${h.siteId}`);
      if (user) await this.traffic.recordHoldingReport(user, h.siteId, { ...h.report, reportedAt: new Date(h.at + p.shift).toISOString() });
    }
    for (; !this.stopping && p.next.cases < p.plan.cases.length && p.plan.cases[p.next.cases].at <= until; p.next.cases++) {
      const c = p.plan.cases[p.next.cases];
      const user = await this.user(`assistant-${c.input.siteId}`);
      if (!user) continue;
      await this.cases.create(user, { ...c.input, openedAt: new Date(c.at + p.shift).toISOString() });
      if (c.changes.length > 0) p.changes.push({ at: c.changes[0].at, c, k: 0 });
    }
    const due = p.changes.filter((w) => w.at <= until).sort((a, b) => a.at - b.at);
    p.changes = p.changes.filter((w) => w.at > until);
    for (const w of due) {
      if (this.stopping) return;
      const change = w.c.changes[w.k];
      const user = await this.user(change.by === 'site' ? `assistant-${w.c.input.siteId}` : 'coordinator');
      if (!user) continue;
      await this.cases.update(user, w.c.input.id, change.patch);
      const following = w.c.changes[w.k + 1];
      if (following) p.changes.push({ at: following.at, c: w.c, k: w.k + 1 });
    }
  }

  private async start(realDay: string): Promise<void> {
    const edition = workingEdition(await this.editions.list(), realDay);
    if (!edition) return;
    if (this.model?.edition.year !== edition.year) {
      // The demo plays the sites of that edition only (26 in 2025, 24 before).
      const sites = (await this.sites.list()).filter((s) => edition.siteIds.includes(s.id));
      this.model = new SeasonModel(edition, sites, seasonTargets(edition.year, referenceEditions().published), 'demo');
    }
    const index = seasonDayFor(this.model.days, realDay);
    const plan = this.model.planDay(index, realDay);
    this.playing = {
      realDay,
      shift: operationDayStart(realDay).getTime() - operationDayStart(plan.day).getTime(),
      plan,
      next: { movements: 0, cases: 0, holding: 0 },
      changes: [],
    };
    this.users.clear();
    this.logger.log(`playing season day ${plan.day} of the ${edition.year} edition`);
  }

  private async user(username: string): Promise<AuthUser | null> {
    if (!this.users.has(username)) {
      this.users.set(username, await this.accounts.principal(username));
    }
    return this.users.get(username) ?? null;
  }

  /** As each site's tablet would: batches of its own movements. */
  private async sendMovements(movements: MovementInput[], now: Date): Promise<void> {
    const bySite = new Map<string, MovementInput[]>();
    for (const m of movements) {
      const list = bySite.get(m.siteId) ?? [];
      list.push(m);
      bySite.set(m.siteId, list);
    }
    for (const [siteId, list] of bySite) {
      const user = await this.user(`assistant-${siteId}`);
      for (let i = 0; user && !this.stopping && i < list.length; i += 1000) await this.traffic.recordMovements(user, { movements: list.slice(i, i + 1000) }, now);
    }
  }
}

/** The end (exclusive) of the run of items from `from` whose time has come. */
function lastIndexUntil(items: { at: number }[], until: number, from: number): number {
  let i = from;
  while (i < items.length && items[i].at <= until) i++;
  return i;
}
