import type { LiveSnapshot, MapConfig, TodayDetail } from '@marhaba/shared';
import { request } from './http';

export const fetchSnapshot = () => request<LiveSnapshot>('GET', '/api/live/snapshot');
export const fetchToday = (siteId: string | null) => request<TodayDetail>('GET', '/api/live/today', { query: { siteId } });
export const fetchMapConfig = () => request<MapConfig>('GET', '/api/live/map-config');
