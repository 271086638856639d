import type { HoldingReportInput, HoldingState, MovementInput, MovementsResult } from '@marhaba/shared';
import { request } from './http';

export const postMovements = (movements: MovementInput[], signal?: AbortSignal) => request<MovementsResult>('POST', '/api/movements', { body: { movements }, signal });
export const postHoldingReport = (siteId: string, report: HoldingReportInput, signal?: AbortSignal) =>
  request<HoldingState & { duplicate: boolean }>('POST', `/api/holding-areas/${encodeURIComponent(siteId)}/reports`, { body: report, signal });
