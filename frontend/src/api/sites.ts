import type { Edition, Site } from '@marhaba/shared';
import { request } from './http';

export const listSites = () => request<Site[]>('GET', '/api/sites');
export const listEditions = () => request<Edition[]>('GET', '/api/editions');
