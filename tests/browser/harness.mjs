// Shared by the browser tests: a fresh demo database and `siklus serve` per test file, and
// Debian's chromium driven by playwright-core with a fresh profile. Nothing is downloaded.
import { spawn, execFile } from "node:child_process";
import { mkdtempSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { chromium } from "playwright-core";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const BIN = resolve(ROOT, process.env.SIKLUS_BIN ?? "build/asan/bin/siklus");
export const WEB = join(ROOT, "web/dist");
export const CHROMIUM = process.env.SIKLUS_CHROMIUM ?? "/usr/bin/chromium";
const run = promisify(execFile);

// Every {username, password, role} object anywhere in the demo's JSON, keyed by role.
function findUsers(json) {
  const users = {};
  const walk = (v) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") {
      if (typeof v.username === "string" && typeof v.password === "string" && typeof v.role === "string") {
        users[v.role] ??= { username: v.username, password: v.password, role: v.role, scope: v.scope };
      }
      Object.values(v).forEach(walk);
    }
  };
  walk(json);
  return users;
}

// Creates the demo city in a temp database and serves it with the built web app on a free port.
export async function startServer({ city = "33.71" } = {}) {
  if (!existsSync(BIN)) throw new Error(`siklus binary not found at ${BIN} (set SIKLUS_BIN)`);
  if (!existsSync(join(WEB, "index.html"))) throw new Error(`web app not built: ${WEB}/index.html missing (npx vite build web)`);
  const dir = mkdtempSync(join(tmpdir(), "siklus-browser-"));
  const db = join(dir, "siklus.db");
  const env = { ...process.env, ASAN_OPTIONS: process.env.ASAN_OPTIONS ?? "detect_leaks=1" };
  // WHO's growth tables, as `./dev run` installs them, so z-scores and growth charts are real;
  // without them the pages say the standard is not installed (and the chart tests fail loudly).
  const who = process.env.SIKLUS_WHO_GROWTH_DIR ?? resolve(ROOT, "../shared/data/who-growth");
  if (existsSync(who)) await run(BIN, ["--db", db, "import", "who-growth", who], { cwd: ROOT, env });
  const demoRun = await run(BIN, ["--db", db, "demo", "--city", city, "--json"], { cwd: ROOT, env, maxBuffer: 16 << 20 });
  const demo = JSON.parse(demoRun.stdout);
  const users = findUsers(demo);
  if (!users.dinkes_admin) throw new Error(`demo JSON has no dinkes_admin login: ${demoRun.stdout.slice(0, 500)}`);

  const proc = spawn(BIN, ["--db", db, "serve", "--listen", "127.0.0.1:0", "--web", WEB], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  proc.stderr.on("data", (d) => {
    stderr = (stderr + d).slice(-20000);
  });
  const exited = new Promise((res) => proc.on("exit", (code, signal) => res({ code, signal })));
  const url = await new Promise((res, rej) => {
    let out = "";
    const timer = setTimeout(() => rej(new Error(`server did not print "listening on" in 120 s; stderr:\n${stderr}`)), 120_000);
    proc.stdout.on("data", (d) => {
      out += d;
      const m = /listening on (http:\/\/[^\s]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        res(m[1].replace(/\/$/, ""));
      }
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      rej(new Error(`server exited (${code ?? signal}) before listening; stderr:\n${stderr}`));
    });
  });

  return {
    url,
    users,
    demo,
    stderr: () => stderr,
    // SIGTERM, then the exit status: the server must finish in-flight requests and exit 0.
    async stop() {
      proc.kill("SIGTERM");
      const t = setTimeout(() => proc.kill("SIGKILL"), 20_000);
      const st = await exited;
      clearTimeout(t);
      rmSync(dir, { recursive: true, force: true });
      return st;
    },
  };
}

const kChromiumArgs = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

// A fresh chromium profile (own --user-data-dir) with one page; records every request and every
// page error so tests can assert that nothing left the server and nothing threw.
export async function openBrowser({ viewport = { width: 1280, height: 900 }, locale = "id-ID" } = {}) {
  const profile = mkdtempSync(join(tmpdir(), "siklus-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport,
    locale,
    args: kChromiumArgs,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const requests = [];
  const errors = [];
  context.on("request", (r) => requests.push(r.url()));
  page.on("pageerror", (e) => errors.push(e.message));
  // The server sends a strict Content-Security-Policy; a violation is a bug in the app.
  page.on("console", (m) => {
    if (m.type() === "error" && /Content Security Policy/i.test(m.text())) errors.push(m.text());
  });
  page.setDefaultTimeout(20_000);
  return {
    context,
    page,
    requests,
    errors,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

// Requests to anything but the siklus server (CDNs, tiles, fonts) — must stay empty.
export function foreignRequests(requests, base) {
  return requests.filter((u) => !u.startsWith(base + "/") && !u.startsWith("data:") && !u.startsWith("blob:"));
}

export async function login(page, base, user) {
  await page.goto(base + "/");
  await page.getByLabel(/Nama pengguna|Username/).fill(user.username);
  await page.getByLabel(/Kata sandi|Password/).fill(user.password);
  await page.getByRole("button", { name: /^(Masuk|Log in)$/ }).click();
  await page.getByTestId("who").waitFor();
}

// Calls the API from inside the page, with the page's session cookie.
export async function apiFrom(page, method, path, body) {
  return page.evaluate(
    async ({ method, path, body }) => {
      const r = await fetch(`/api/v1${path}`, {
        method,
        headers: body === undefined ? {} : { "Content-Type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await r.text();
      let json = null;
      try {
        json = JSON.parse(text);
      } catch {
        json = null;
      }
      return { status: r.status, body: json };
    },
    { method, path, body },
  );
}

export async function noHorizontalScroll(page) {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
}

export const kShotDir = process.env.SIKLUS_SHOTS ?? tmpdir();
