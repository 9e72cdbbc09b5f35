import { mount } from "svelte";
import "./app.css";
import App from "./App.svelte";
import { startupError } from "./lib/api/startup";
import StartupError from "./lib/components/layout/StartupError.svelte";

const target = document.getElementById("app");
if (!target) throw new Error("#app missing in index.html");

const error = await startupError().catch(() => null);
export default error ? mount(StartupError, { target, props: { error } }) : mount(App, { target });
