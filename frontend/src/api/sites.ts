import type { Edition, EditionUpdate, SiteUpdate, SiteView } from '@marhaba/shared';
import { request } from './http';

export const listSites = () => request<SiteView[]>('GET', '/api/sites');
export const updateSite = (id: string, changes: SiteUpdate) => request<SiteView>('PATCH', `/api/sites/${id}`, { body: changes });
export const listEditions = () => request<Edition[]>('GET', '/api/editions');
export const createEdition = (edition: Edition) => request<Edition>('POST', '/api/editions', { body: edition });
export const updateEdition = (year: number, changes: EditionUpdate) => request<Edition>('PATCH', `/api/editions/${year}`, { body: changes });
