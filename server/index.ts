import { createApp } from './app.ts';
import type { Bindings } from './env.ts';
import { handleEmail } from './handlers/email.ts';
import { handleQueue } from './handlers/queue.ts';
import { handleScheduled } from './handlers/scheduled.ts';

export { MailboxDO } from './mailbox/mailbox-do.ts';

const apps = new Map<boolean, ReturnType<typeof createApp>>();

function appFor(env: Bindings) {
  const development = env.ENVIRONMENT === 'development';
  let app = apps.get(development);
  if (!app) {
    app = createApp({ development });
    apps.set(development, app);
  }
  return app;
}

export default {
  fetch(request, env, ctx) {
    return appFor(env).fetch(request, env, ctx);
  },
  email(message, env) {
    return handleEmail(message, env);
  },
  queue(batch, env) {
    return handleQueue(batch, env);
  },
  scheduled(controller, env) {
    return handleScheduled(controller, env);
  },
} satisfies ExportedHandler<Bindings>;
