import { runAction } from "./action/main.js";

const { abandoned } = await runAction();
// Requests the engine still holds open would keep the job alive until GitHub kills it.
if (abandoned) process.exit(process.exitCode ?? 1);
