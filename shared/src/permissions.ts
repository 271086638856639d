import type { Role } from './enums.js';

/**
 * Who may do what (DESIGN.md): the backend enforces it on every HTTP route and socket event, the
 * console uses it to choose the pages it offers. Site scope is checked apart.
 */
export const PERMISSIONS = {
  recordMovements: ['assistant', 'coordinator', 'admin'],
  reportHolding: ['assistant', 'coordinator', 'admin'],
  writeCases: ['assistant', 'coordinator'],
  /** Change cases escalated to the Central Coordination Office (and resolved ones: notes, assignee). */
  handleEscalatedCases: ['coordinator'],
  /** The coordinators' console (map, live figures, cases, alerts). */
  openConsole: ['coordinator', 'supervisor', 'admin'],
  /** The site assistants' tablet app. */
  openSiteApp: ['assistant'],
  readAlerts: ['assistant', 'coordinator', 'supervisor', 'admin'],
  acknowledgeAlerts: ['coordinator', 'admin'],
  manageSites: ['admin'],
  /** Create and change editions (seasons) and the sites that take part in each. */
  manageEditions: ['admin'],
  manageUsers: ['admin'],
  readSeasonStats: ['supervisor', 'coordinator', 'admin'],
  /** Forecasts of the coming hours (`GET /api/forecast`); assistants for their own sites only. */
  readForecast: ['assistant', 'coordinator', 'supervisor', 'admin'],
  /** Import a past edition's daily figures (POST /api/imports). */
  importHistory: ['supervisor', 'admin'],
  readMetrics: ['admin'],
  readAudit: ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function hasPermission(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

/** Roles whose users work at named sites and see only those (site scope); the others see every site and hold none. */
export const SITE_BOUND_ROLES = ['assistant'] as const satisfies readonly Role[];

export function isSiteBound(role: Role): boolean {
  return (SITE_BOUND_ROLES as readonly Role[]).includes(role);
}
