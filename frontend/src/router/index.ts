import { createRouter, createWebHistory, type Router } from 'vue-router';
import { useAuthStore } from '../stores/auth';

export function createAppRouter(): Router {
  const router = createRouter({
    history: createWebHistory(),
    routes: [
      { path: '/login', name: 'login', component: () => import('../views/LoginView.vue'), meta: { public: true } },
      {
        path: '/',
        component: () => import('../views/ConsoleView.vue'),
        children: [
          { path: '', name: 'console', component: { render: () => null } },
          { path: 'sites/:siteId', name: 'site', component: () => import('../components/live/SitePanel.vue'), props: true },
        ],
      },
      { path: '/site', name: 'site-app', component: () => import('../views/SiteAppView.vue'), meta: { role: 'assistant' } },
      { path: '/:pathMatch(.*)*', redirect: '/' },
    ],
  });
  router.beforeEach((to) => {
    const auth = useAuthStore();
    if (!to.meta.public && !auth.signedIn) return { name: 'login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } };
    if (to.name === 'login' && auth.signedIn) return { name: auth.home };
    // Site assistants work in the tablet app, everyone else in the console.
    if (auth.signedIn && !to.meta.public && (to.meta.role === 'assistant') !== (auth.user?.role === 'assistant')) return { name: auth.home };
    return true;
  });
  return router;
}
