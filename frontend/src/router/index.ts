import { PERMISSIONS } from '@marhaba/shared';
import { createRouter, createWebHistory, type Router } from 'vue-router';
import { setPageTitle } from '../i18n';
import { useAuthStore } from '../stores/auth';
import { guard } from './access';

export function createAppRouter(): Router {
  const router = createRouter({
    history: createWebHistory(),
    routes: [
      { path: '/login', name: 'login', component: () => import('../views/LoginView.vue'), meta: { public: true, title: 'login.title' } },
      { path: '/stats', name: 'stats', component: () => import('../views/StatsView.vue'), meta: { roles: PERMISSIONS.readSeasonStats, title: 'stats.title' } },
      {
        path: '/',
        component: () => import('../views/ConsoleView.vue'),
        meta: { roles: PERMISSIONS.openConsole, title: 'app.subtitle' },
        children: [
          { path: '', name: 'console', component: { render: () => null } },
          { path: 'sites/:siteId', name: 'site', component: () => import('../components/live/SitePanel.vue'), props: true },
        ],
      },
      { path: '/users', name: 'users', component: () => import('../views/UsersView.vue'), meta: { roles: PERMISSIONS.manageUsers, title: 'users.title' } },
      { path: '/imports', name: 'imports', component: () => import('../views/ImportView.vue'), meta: { roles: PERMISSIONS.importHistory, title: 'imports.title' } },
      { path: '/editions', name: 'editions', component: () => import('../views/EditionsView.vue'), meta: { roles: PERMISSIONS.manageEditions, title: 'editions.title' } },
      { path: '/audit', name: 'audit', component: () => import('../views/AuditView.vue'), meta: { roles: PERMISSIONS.readAudit, title: 'audit.title' } },
      { path: '/site', name: 'site-app', component: () => import('../views/SiteAppView.vue'), meta: { roles: PERMISSIONS.openSiteApp, title: 'siteApp.title' } },
      { path: '/:pathMatch(.*)*', redirect: '/' },
    ],
  });
  router.beforeEach((to) => guard(to, useAuthStore().user?.role ?? null));
  router.afterEach((to) => setPageTitle(to.meta.title ?? 'app.subtitle'));
  return router;
}
