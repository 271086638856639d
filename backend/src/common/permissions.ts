import { ForbiddenException } from '@nestjs/common';
import type { Role } from '@marhaba/shared';

/** Who may do what (DESIGN.md), shared by the HTTP routes and the socket events. Site scope is checked apart. */
export const PERMISSIONS = {
  recordMovements: ['assistant', 'coordinator', 'admin'],
  reportHolding: ['assistant', 'coordinator', 'admin'],
  writeCases: ['assistant', 'coordinator'],
  readAlerts: ['assistant', 'coordinator', 'supervisor', 'admin'],
  acknowledgeAlerts: ['coordinator', 'admin'],
  manageSites: ['admin'],
  readMetrics: ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function hasPermission(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

export function assertPermission(role: Role, permission: Permission): void {
  if (!hasPermission(role, permission)) throw new ForbiddenException(`role ${role} may not do this`);
}
