import type { Site } from '@marhaba/shared';
import { request } from './http';

export const listSites = () => request<Site[]>('GET', '/api/sites');
