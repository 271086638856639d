import type { AuditPage, AuditQuery } from '@marhaba/shared';
import { request } from './http';

export const listAudit = (query: AuditQuery) => request<AuditPage>('GET', '/api/audit', { query: { ...query } });
