import { mount } from "svelte";
import "./app.css";
import App from "./App.svelte";
import { dashboard } from "./lib/api/dashboard";
import { requestEarly, startupError } from "./lib/api/startup";
import StartupError from "./lib/components/layout/StartupError.svelte";
import { app } from "./lib/state/app.svelte";
import { router } from "./lib/state/router.svelte";

const target = document.getElementById("app");
if (!target) throw new Error("#app missing in index.html");

const error = startupError();
if (!error) {
  // The first view's requests go out before the page is built, so that both happen at once.
  void app.start();
  if (router.route.name === "start") requestEarly(dashboard);
}
export default error ? mount(StartupError, { target, props: { error } }) : mount(App, { target });
