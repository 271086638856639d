import type { CaseCreate, CaseListQuery, CasePatch, CaseView } from '@marhaba/shared';
import { request } from './http';

export interface CasePage {
  items: CaseView[];
  nextCursor: string | null;
}

export const listCases = (query: CaseListQuery) => request<CasePage>('GET', '/api/cases', { query: { ...query } });
export const getCase = (id: string) => request<CaseView>('GET', `/api/cases/${encodeURIComponent(id)}`);
export const patchCase = (id: string, patch: CasePatch, signal?: AbortSignal) => request<CaseView>('PATCH', `/api/cases/${encodeURIComponent(id)}`, { body: patch, signal });
export const createCase = (body: CaseCreate, signal?: AbortSignal) => request<CaseView & { duplicate: boolean }>('POST', '/api/cases', { body, signal });
