import { createPinia } from 'pinia';
import { createApp } from 'vue';
import { hasPermission } from '@marhaba/shared';
import App from './App.vue';
import { configureHttp } from './api/http';
import { applyDocumentLocale, i18n } from './i18n';
import { registerServiceWorker } from './pwa';
import { createAppRouter } from './router';
import { useAuthStore } from './stores/auth';
import './styles.css';

const app = createApp(App);
app.use(createPinia());
const router = createAppRouter();
app.use(router).use(i18n);

const auth = useAuthStore();
configureHttp({
  token: () => auth.accessToken(),
  renew: () => auth.renew(),
  onUnauthorized: () => {
    // The tablet keeps its queued work and asks for the password again; elsewhere the session ends.
    if (auth.user && hasPermission(auth.user.role, 'openSiteApp')) return auth.expire();
    auth.logout();
    void router.replace({ name: 'login' });
  },
});
applyDocumentLocale();
app.mount('#app');
registerServiceWorker();
