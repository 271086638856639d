import type { LoginRequest, LoginResponse, RefreshResponse } from '@marhaba/shared';
import { request } from './http';

export const login = (credentials: LoginRequest) => request<LoginResponse>('POST', '/api/auth/login', { body: credentials, bearer: null });

export const refresh = (refreshToken: string) => request<RefreshResponse>('POST', '/api/auth/refresh', { body: { refreshToken }, bearer: null });

export const logout = (token: string) => request<null>('POST', '/api/auth/logout', { bearer: token });
