import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  CASE_CATEGORIES,
  CASE_SUBCATEGORIES,
  operationHour,
  type AuthUser,
  type CaseCategory,
  type CaseStatus,
  type MovementInput,
  type Site,
} from '@marhaba/shared';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { toApiError } from '../../common/api-error.js';
import { UsersRepository } from '../auth/users.repository.js';
import { CasesService } from '../cases/cases.service.js';
import { SitesRepository } from '../sites/sites.repository.js';
import { TrafficService } from '../traffic/traffic.service.js';

const TICK_MS = 2_000;
/** Share of a day's traffic in each local hour: ports work all night, afternoons are busiest. Sums to 1. */
const HOUR_SHARE = [3, 2.5, 2, 2, 2, 2.5, 3, 4, 5, 6, 6.5, 7, 7, 7, 7, 7, 7, 6.5, 6, 5.5, 5, 4.5, 4, 3.5].map((v, _, all) => v / all.reduce((a, b) => a + b, 0));
/** Assistance per traveller in 2024: 155,907 cases for 3,761,589 arrivals (DOMAIN.md), thinned for a readable feed. */
const CASES_PER_PERSON = (155_907 / 3_761_589) * 0.25;
/** 2024 assistance by category (DOMAIN.md). */
const CATEGORY_WEIGHTS: Record<CaseCategory, number> = { information: 98_310, administrative: 27_011, customs: 15_244, medical: 13_714, transport: 1_628 };
/** Share of cases escalated to the Central Coordination Office in 2024: 43,883 of 155,907. */
const ESCALATION_SHARE = 43_883 / 155_907;

type Random = () => number;

function poisson(mean: number, random: Random): number {
  if (mean > 30) {
    // Normal approximation (sum of three uniforms, standard deviation 1): Knuth's loop underflows for large means.
    return Math.max(0, Math.round(mean + Math.sqrt(mean) * 2 * (random() + random() + random() - 1.5)));
  }
  const limit = Math.exp(-mean);
  let k = 0;
  for (let p = random(); p > limit; p *= random()) k++;
  return k;
}

function pick<T>(weights: [T, number][], random: Random): T {
  let r = random() * weights.reduce((sum, [, w]) => sum + w, 0);
  for (const [value, weight] of weights) if ((r -= weight) <= 0) return value;
  return weights[weights.length - 1][0];
}

const between = (min: number, max: number, random: Random) => min + Math.floor(random() * (max - min + 1));

/** The movements a site's tablets would send in one tick at this hour. Daily volume ≈ 8× the hourly alert threshold. */
export function simulateMovements(site: Site, hour: number, now: Date, random: Random): MovementInput[] {
  const expectedPeople = site.hourlyThresholdPeople * 8 * HOUR_SHARE[hour] * (TICK_MS / 3_600_000);
  const movements: MovementInput[] = [];
  const add = (mode: MovementInput['mode'], people: number, vehicles: number) =>
    movements.push({ id: randomUUID(), siteId: site.id, direction: random() < 0.6 ? 'arrival' : 'departure', mode, people, vehicles, occurredAt: now.toISOString() });
  if (site.kind === 'airport') {
    if (random() < expectedPeople / 180) add('plane', between(120, 220, random), 0);
    return movements;
  }
  for (let i = poisson(expectedPeople / 3.5, random); i > 0; i--) {
    const mode = pick<MovementInput['mode']>(
      site.kind === 'rest_area'
        ? [['car', 80], ['bus', 6], ['minibus', 4], ['motorcycle', 2]]
        : site.kind === 'land_border'
          ? [['car', 75], ['foot', 20], ['motorcycle', 5]]
          : [['car', 90], ['motorcycle', 4], ['foot', 6]],
      random,
    );
    if (mode === 'bus') add('bus', between(30, 55, random), 1);
    else if (mode === 'minibus') add('minibus', between(8, 17, random), 1);
    else if (mode === 'foot') add('foot', between(1, 4, random), 0);
    else add(mode, between(1, mode === 'car' ? 6 : 2, random), 1);
  }
  return movements;
}

/**
 * Demo mode's built-in simulator: plays the current hour of a season day at every site, in-process
 * through the same services as the API, so that the console moves from the first minute.
 */
@Injectable()
export class DemoSimulator implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DemoSimulator.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private ticks = 0;
  private sites: Site[] = [];
  private readonly assistants = new Map<string, AuthUser>();
  private coordinator: AuthUser | null = null;
  private readonly openCases: { id: string; siteId: string; status: CaseStatus; version: number }[] = [];
  private readonly holding = new Map<string, number>();

  constructor(
    private readonly siteRepository: SitesRepository,
    private readonly users: UsersRepository,
    private readonly traffic: TrafficService,
    private readonly cases: CasesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.demo || !this.config.simulator) return;
    this.timer = setInterval(() => {
      this.running ??= this.tick()
        .catch((error: unknown) => this.logger.warn(`simulator tick failed: ${toApiError(error).message}`))
        .finally(() => (this.running = null));
    }, TICK_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  private async tick(random: Random = Math.random): Promise<void> {
    if (this.ticks++ % 150 === 0) await this.loadSites();
    const now = new Date();
    const hour = operationHour(now);
    for (const site of this.sites) {
      const assistant = this.assistants.get(site.id);
      if (!assistant) continue;
      const movements = simulateMovements(site, hour, now, random);
      if (movements.length > 0) await this.traffic.recordMovements(assistant, { movements }, now);
      const people = movements.reduce((sum, m) => sum + m.people, 0);
      for (let i = poisson(people * CASES_PER_PERSON, random); i > 0; i--) await this.openCase(site, assistant, now, random);
      if (site.holdingArea && this.ticks % 15 === 1) await this.reportHolding(site, assistant, now, random);
    }
    await this.progressCases(random);
  }

  private async loadSites(): Promise<void> {
    this.sites = (await this.siteRepository.findAll()).filter((s) => s.active);
    const load = async (username: string): Promise<AuthUser | null> => {
      const user = await this.users.findByUsername(username);
      return user && { id: user.id, username: user.username, role: user.role, siteIds: user.siteIds };
    };
    this.coordinator = await load('coordinator');
    for (const site of this.sites) {
      const user = await load(`assistant-${site.id}`);
      if (user) this.assistants.set(site.id, user);
    }
  }

  private async openCase(site: Site, assistant: AuthUser, now: Date, random: Random): Promise<void> {
    const category = pick(CASE_CATEGORIES.map((c): [CaseCategory, number] => [c, CATEGORY_WEIGHTS[c]]), random);
    const subcategories: readonly string[] = CASE_SUBCATEGORIES[category];
    const priority = category === 'medical' && random() < 0.05 ? 'critical' : random() < 0.15 ? 'high' : 'normal';
    const { case: created } = await this.cases.create(assistant, {
      id: randomUUID(),
      siteId: site.id,
      category,
      subcategory: subcategories[Math.floor(random() * subcategories.length)],
      priority,
      openedAt: now.toISOString(),
    });
    this.openCases.push({ id: created.id, siteId: site.id, status: created.status, version: created.version });
    if (this.openCases.length > 300) this.openCases.shift();
  }

  /** Moves a few cases along: taken in hand, escalated to the Central Coordination Office, resolved. */
  private async progressCases(random: Random): Promise<void> {
    for (const c of [...this.openCases]) {
      if (random() > 0.08) continue;
      const next: CaseStatus = c.status === 'open' ? 'in_progress' : c.status === 'in_progress' && random() < ESCALATION_SHARE ? 'escalated' : 'resolved';
      // Escalated cases belong to the Central Coordination Office: a coordinator resolves them.
      const user = c.status === 'escalated' ? this.coordinator : this.assistants.get(c.siteId);
      if (!user) continue;
      const updated = await this.cases.update(user, c.id, { version: c.version, status: next });
      c.status = updated.status;
      c.version = updated.version;
      if (c.status === 'resolved') this.openCases.splice(this.openCases.indexOf(c), 1);
    }
  }

  /** Holding areas fill and drain around 60 % of capacity, now and then beyond the alert thresholds. */
  private async reportHolding(site: Site, assistant: AuthUser, now: Date, random: Random): Promise<void> {
    const capacity = site.holdingArea!.capacityVehicles;
    const previous = this.holding.get(site.id) ?? capacity * 0.5;
    const next = Math.max(0, Math.round(previous + (capacity * 0.6 - previous) * 0.1 + (random() - 0.5) * capacity * 0.15));
    this.holding.set(site.id, next);
    await this.traffic.recordHoldingReport(assistant, site.id, { id: randomUUID(), vehiclesWaiting: next, estimatedWaitMinutes: Math.round((next / capacity) * 360), reportedAt: now.toISOString() });
  }
}
