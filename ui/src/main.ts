import { mount, unmount } from "svelte";
import "./app.css";
import App from "./App.svelte";
import { dashboard } from "./lib/api/dashboard";
import { lockedAtStart, recoveryKeyPendingAtStart, requestEarly, startupError } from "./lib/api/startup";
import UnlockPage from "./lib/components/encryption/UnlockPage.svelte";
import StartupError from "./lib/components/layout/StartupError.svelte";
import { app } from "./lib/state/app.svelte";
import { router } from "./lib/state/router.svelte";

const target = document.getElementById("app");
if (!target) throw new Error("#app missing in index.html");

function startApp(recoveryKeyPending: boolean) {
  // The first view's requests go out before the page is built, so that both happen at once.
  void app.start();
  if (router.route.name === "start") requestEarly(dashboard);
  mount(App, { target: target as HTMLElement, props: { recoveryKeyPending } });
}

const error = startupError();
const locked = lockedAtStart();
if (error) {
  mount(StartupError, { target, props: { error } });
} else if (locked) {
  const page = mount(UnlockPage, {
    target,
    props: {
      locked,
      onunlocked: (recoveryKeyPending: boolean) => {
        void unmount(page).then(() => startApp(recoveryKeyPending));
      },
    },
  });
} else {
  startApp(recoveryKeyPendingAtStart());
}
