// The web app's TypeScript must type-check (Vite's build strips types without checking them).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { ROOT } from "./harness.mjs";

test("web/src type-checks with tsc --noEmit", async () => {
  const tsc = join(ROOT, "node_modules/.bin/tsc");
  const r = await promisify(execFile)(tsc, ["-p", join(ROOT, "web/tsconfig.json")], { cwd: ROOT }).catch((e) => e);
  assert.equal(r.code ?? 0, 0, `tsc reported:\n${r.stdout ?? ""}${r.stderr ?? ""}`);
});
