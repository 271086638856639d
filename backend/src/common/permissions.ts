import { ForbiddenException } from '@nestjs/common';
import { hasPermission, type Permission, type Role } from '@marhaba/shared';

/** The role table itself lives in `@marhaba/shared` (the console offers pages by it too). */
export function assertPermission(role: Role, permission: Permission): void {
  if (!hasPermission(role, permission)) throw new ForbiddenException(`role ${role} may not do this`);
}
