// The pinned contract against the real server: starts the real binary on a demo city with a JKN
// membership snapshot, logs in as every demo role and validates the real responses (successes
// and errors) against docs/openapi.json with Ajv (JSON Schema 2020-12, as OpenAPI 3.1 uses).
// Every documented operation must be exercised here, so a new route gets a real check too.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, existsSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const BIN = resolve(ROOT, process.env.SIKLUS_BIN ?? "build/asan/bin/siklus");
const DOC_FILE = join(ROOT, "docs/openapi.json");
const doc = JSON.parse(readFileSync(DOC_FILE, "utf8"));
const run = promisify(execFile);

// ---- the validator: one compiled schema per (operation, status, media type) ----
const ajv = new Ajv2020({ strict: false, allErrors: true, allowUnionTypes: true });
addFormats(ajv);
ajv.addFormat("binary", true);
ajv.addSchema(doc, "openapi.json");
const pointer = (...parts) => parts.map((p) => String(p).replaceAll("~", "~0").replaceAll("/", "~1")).join("/");
const validators = new Map();

// The documented response of an operation for a status, following a components/responses $ref;
// returns {response, base} where base is the JSON pointer of the response object.
function documentedResponse(method, path, status) {
  const op = doc.paths[path]?.[method.toLowerCase()];
  assert.ok(op, `${method} ${path} is not in docs/openapi.json`);
  let base = "/" + pointer("paths", path, method.toLowerCase(), "responses", status);
  let response = op.responses[String(status)];
  assert.ok(response, `${method} ${path} answered ${status}, which docs/openapi.json does not document`);
  if (response.$ref) {
    base = response.$ref.slice(1);
    response = response.$ref.slice(2).split("/").reduce((o, k) => o[k.replaceAll("~1", "/").replaceAll("~0", "~")], doc);
  }
  return { response, base };
}

function validate(method, path, res) {
  const { response, base } = documentedResponse(method, path, res.status);
  const type = (res.contentType ?? "").split(";")[0].trim();
  const content = response.content ?? {};
  assert.ok(content[type], `${method} ${path} ${res.status}: Content-Type ${type} is not documented (${Object.keys(content).join(", ")})`);
  if (type !== "application/json") return;
  const key = `${base}|${type}`;
  if (!validators.has(key)) {
    validators.set(key, ajv.compile({ $ref: "openapi.json#" + base + "/" + pointer("content", type, "schema") }));
  }
  const v = validators.get(key);
  assert.ok(v(res.body), `${method} ${path} ${res.status} does not match docs/openapi.json:\n` +
    `${ajv.errorsText(v.errors, { separator: "\n" })}\nbody: ${JSON.stringify(res.body).slice(0, 800)}`);
}

// ---- the server ----
let srv;
const exercised = new Set();
const tokens = {};

const ENV = { ...process.env, ASAN_OPTIONS: process.env.ASAN_OPTIONS ?? "detect_leaks=1" };
const RUN_OPTS = { cwd: ROOT, env: ENV, maxBuffer: 16 << 20 };

// `siklus … serve` on a free port; resolves once it prints "listening on".
async function serve(args) {
  const proc = spawn(BIN, [...args, "serve", "--listen", "127.0.0.1:0"], { cwd: ROOT, env: ENV, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  proc.stderr.on("data", (d) => (stderr = (stderr + d).slice(-20000)));
  const exited = new Promise((res) => proc.on("exit", (code, signal) => res({ code, signal })));
  const url = await new Promise((res, rej) => {
    let out = "";
    const timer = setTimeout(() => rej(new Error(`no "listening on" in 120 s:\n${stderr}`)), 120_000);
    proc.stdout.on("data", (d) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        res(m[1].replace(/\/$/, ""));
      }
    });
    exited.then((st) => rej(new Error(`server exited (${JSON.stringify(st)}):\n${stderr}`)));
  });
  return {
    url,
    async stop() {
      proc.kill("SIGTERM");
      const t = setTimeout(() => proc.kill("SIGKILL"), 20_000);
      const st = await exited;
      clearTimeout(t);
      return st;
    },
  };
}

async function startServer() {
  assert.ok(existsSync(BIN), `siklus binary not found at ${BIN} (set SIKLUS_BIN)`);
  const dir = mkdtempSync(join(tmpdir(), "siklus-api-"));
  const db = join(dir, "siklus.db");
  const demo = JSON.parse((await run(BIN, ["--db", db, "demo", "--city", "33.71", "--json"], RUN_OPTS)).stdout);
  // Every {username, password, role} anywhere in the demo's JSON, keyed by role.
  const users = {};
  const walk = (v) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") {
      if (typeof v.username === "string" && typeof v.password === "string" && typeof v.role === "string") users[v.role] ??= v;
      Object.values(v).forEach(walk);
    }
  };
  walk(demo);
  // A membership snapshot, so the coverage routes answer with data.
  const csv = join(dir, "members.csv");
  await run(BIN, ["--db", db, "members", "demo", "--city", "33.71", "--out", csv], RUN_OPTS);
  await run(BIN, ["--db", db, "import", "members", csv, "--date", "2025-06-01"], RUN_OPTS);
  const server = await serve(["--db", db]);
  return {
    ...server,
    dir,
    db,
    users,
    async stop() {
      const st = await server.stop();
      rmSync(dir, { recursive: true, force: true });
      return st;
    },
  };
}

// One request to a documented operation: `path` is the template as in the document, `params`
// fill its {segments}. Validates the answer and records the operation as exercised.
async function call(role, method, path, { params = {}, query = {}, body, lang, raw } = {}) {
  const concrete = path.replace(/\{(\w+)\}/g, (_, k) => encodeURIComponent(params[k]));
  const qs = new URLSearchParams(query).toString();
  const headers = { Accept: "application/json" };
  if (lang) headers["Accept-Language"] = lang;
  if (role && tokens[role]) headers.Authorization = `Bearer ${tokens[role]}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const send = () =>
    fetch(`${srv.url}${concrete}${qs ? "?" + qs : ""}`, {
      method,
      headers,
      body: body === undefined ? undefined : raw ?? JSON.stringify(body),
    });
  let r = await send();
  // The PWS figures are built in the background after start (503 until then): wait as a
  // dashboard would, for at most two minutes.
  for (let i = 0; r.status === 503 && path.startsWith("/api/v1/pws") && i < 600; ++i) {
    await new Promise((res) => setTimeout(res, 200));
    r = await send();
  }
  const contentType = r.headers.get("content-type");
  const text = await r.text();
  const res = { status: r.status, contentType, headers: r.headers, text };
  res.body = contentType?.startsWith("application/json") ? JSON.parse(text) : text;
  validate(method, path, res);
  exercised.add(`${method} ${path}`);
  return res;
}

before(async () => {
  srv = await startServer();
  for (const role of ["dinkes_admin", "puskesmas", "nakes", "kader"]) {
    const u = srv.users[role];
    assert.ok(u, `the demo has a ${role} login`);
    const r = await call(null, "POST", "/api/v1/session", { body: { username: u.username, password: u.password } });
    assert.equal(r.status, 200);
    tokens[role] = /sid=([^;]+)/.exec(r.headers.get("set-cookie"))[1];
  }
}, { timeout: 900_000 });

after(async () => {
  if (!srv) return;
  const st = await srv.stop();
  assert.equal(st.code, 0, `siklus serve should exit 0 on SIGTERM, got ${JSON.stringify(st)}`);
});

test("the served document is docs/openapi.json", async () => {
  const r = await call(null, "GET", "/api/v1/openapi.json");
  assert.equal(r.status, 200);
  assert.equal(r.text, readFileSync(DOC_FILE, "utf8"));
  assert.equal(r.body.openapi, "3.1.0");
});

test("public routes and sessions", async () => {
  assert.equal((await call(null, "GET", "/api/v1/health")).status, 200);
  const routes = await call(null, "GET", "/api/v1/meta/routes");
  assert.equal(routes.status, 200);
  const bad = await call(null, "POST", "/api/v1/session", { body: { username: "nobody", password: "wrong-password" } });
  assert.equal(bad.status, 401);
  assert.equal(bad.body.error.message_id, "auth.wrong_credentials");
  const unknown = await call(null, "POST", "/api/v1/session", { body: { username: "x", password: "y", otp: 1 } });
  assert.equal(unknown.status, 400);
  assert.equal(unknown.body.error.message_id, "value.unknown_field");
  assert.equal((await call(null, "GET", "/api/v1/me")).status, 401);
  // A session of its own to log out, so the other tests keep theirs.
  const u = srv.users.nakes;
  const s = await call(null, "POST", "/api/v1/session", { body: { username: u.username, password: u.password } });
  tokens.spare = /sid=([^;]+)/.exec(s.headers.get("set-cookie"))[1];
  assert.equal((await call("spare", "DELETE", "/api/v1/session")).status, 200);
  assert.equal((await call("spare", "GET", "/api/v1/me")).status, 401);
});

test("registry routes, every role", async () => {
  for (const role of ["dinkes_admin", "puskesmas", "nakes", "kader"]) {
    const me = await call(role, "GET", "/api/v1/me");
    assert.equal(me.body.role, role);
    const root = await call(role, "GET", "/api/v1/regions/{code}", { params: { code: "me" } });
    assert.equal(root.status, 200);
    if (root.body.children.length) {
      const child = await call(role, "GET", "/api/v1/regions/{code}", { params: { code: root.body.children[0].code } });
      assert.equal(child.status, 200);
    }
    assert.equal((await call(role, "GET", "/api/v1/stats/population")).status, 200);
    const facs = await call(role, "GET", "/api/v1/facilities");
    assert.equal(facs.status, 200);
    if (facs.body.items.length) {
      const f = await call(role, "GET", "/api/v1/facilities/{id}", { params: { id: facs.body.items[0].id } });
      assert.equal(f.status, 200);
    }
    const people = await call(role, "GET", "/api/v1/people", { query: { q: "", page_size: "5" } });
    assert.equal(people.status, 200);
    assert.ok(people.body.items.length > 0, `${role} sees people`);
    const p = await call(role, "GET", "/api/v1/people/{id}", { params: { id: people.body.items[0].id } });
    assert.equal(p.status, 200);
    const audit = await call(role, "GET", "/api/v1/audit");
    assert.equal(audit.status, role === "dinkes_admin" ? 200 : 403);
  }
  // Errors have the documented shape and a stable message id, in both languages.
  const missing = await call("dinkes_admin", "GET", "/api/v1/regions/{code}", { params: { code: "9999" } });
  assert.equal(missing.status, 404);
  const badCode = await call("dinkes_admin", "GET", "/api/v1/regions/{code}", { params: { code: "12x" } });
  assert.equal(badCode.status, 400);
  assert.equal(badCode.body.error.message_id, "region.invalid_code");
  const badType = await call("dinkes_admin", "GET", "/api/v1/facilities", { query: { type: "spa" } });
  assert.equal(badType.status, 400);
  assert.equal(badType.body.error.message_id, "facility.unknown_type");
  assert.equal((await call("kader", "GET", "/api/v1/people/{id}", { params: { id: "999999999" } })).status, 404);
});

test("person writes: created, patched, and refused with a message id per NIK check", async () => {
  const search = await call("dinkes_admin", "GET", "/api/v1/people", { query: { q: "", page_size: "1" } });
  const somebody = await call("dinkes_admin", "GET", "/api/v1/people/{id}", { params: { id: search.body.items[0].id } });
  const village = somebody.body.village_code;
  // NIK: district of the village, birth 1990-01-02 (day +40 for women), serial 0999.
  const nik = `${village.slice(0, 6)}020190` + "9871";
  const created = await call("dinkes_admin", "POST", "/api/v1/people", {
    body: { nik, name: "Uji Kontrak", sex: "L", birth_date: "1990-01-02", village_code: village, rt: 1, rw: "2" },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const patched = await call("dinkes_admin", "PATCH", "/api/v1/people/{id}", {
    params: { id: created.body.id },
    body: { phone: "0812 0000 0000", status: null },
  });
  assert.equal(patched.status, 200);
  const dup = await call("dinkes_admin", "POST", "/api/v1/people", { body: { nik, name: "Lagi", village_code: village } });
  assert.equal(dup.status, 409);
  assert.equal(dup.body.error.message_id, "nik.exists");

  const mismatch = { nik: `${village.slice(0, 6)}020190` + "9872", name: "Uji", sex: "L", birth_date: "1991-01-02", village_code: village };
  const id = await call("dinkes_admin", "POST", "/api/v1/people", { body: mismatch });
  const en = await call("dinkes_admin", "POST", "/api/v1/people", { body: mismatch, lang: "en" });
  assert.equal(id.status, 422);
  assert.equal(id.body.error.message_id, "nik.birth_date_mismatch");
  assert.equal(en.body.error.message_id, "nik.birth_date_mismatch");
  assert.notEqual(id.body.error.message, en.body.error.message, "Indonesian and English texts differ");
  const sex = await call("dinkes_admin", "POST", "/api/v1/people", { body: { ...mismatch, birth_date: "1990-01-02", sex: "P" } });
  assert.equal(sex.body.error.message_id, "nik.sex_mismatch");
  const short = await call("dinkes_admin", "POST", "/api/v1/people", { body: { ...mismatch, nik: "123" } });
  assert.equal(short.body.error.message_id, "nik.length");
  assert.notEqual(sex.body.error.message, short.body.error.message, "each NIK check has its own Indonesian text");

  const empty = await call("dinkes_admin", "PATCH", "/api/v1/people/{id}", { params: { id: created.body.id }, body: {} });
  assert.equal(empty.status, 422);
  assert.equal(empty.body.error.message_id, "person.nothing_to_change");
  const notJson = await call("dinkes_admin", "POST", "/api/v1/people", { body: {}, raw: "{nik" });
  assert.equal(notJson.status, 400);
  assert.equal(notJson.body.error.message_id, "request.malformed_json");
});

test("accounts: the admin's user administration, and everyone's own password and sessions", async () => {
  const list = await call("dinkes_admin", "GET", "/api/v1/users");
  assert.equal(list.status, 200);
  assert.ok(list.body.items.length >= 4);
  assert.equal((await call("kader", "GET", "/api/v1/users")).status, 403);
  const posyandu = (await call("dinkes_admin", "GET", "/api/v1/facilities", { query: { type: "posyandu" } })).body.items[0].id;
  const weak = await call("dinkes_admin", "POST", "/api/v1/users", { body: { username: "kontrak.kader", password: "password123", role: "kader", scope: String(posyandu) } });
  assert.equal(weak.status, 422);
  assert.equal(weak.body.error.message_id, "password.common");
  const made = await call("dinkes_admin", "POST", "/api/v1/users", {
    body: { username: "kontrak.kader", password: "kuda-lari-di-sawah-kontrak", role: "kader", scope: String(posyandu) },
  });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  assert.equal((await call("dinkes_admin", "POST", "/api/v1/users", { body: { username: "kontrak.kader", password: "kuda-lari-di-sawah-kontrak", role: "kader", scope: String(posyandu) } })).status, 409);
  const off = await call("dinkes_admin", "PATCH", "/api/v1/users/{username}", { params: { username: "kontrak.kader" }, body: { disabled: true } });
  assert.equal(off.status, 200);
  assert.equal(off.body.disabled, true);
  assert.equal((await call("dinkes_admin", "PATCH", "/api/v1/users/{username}", { params: { username: "nobody.here" }, body: { disabled: true } })).status, 404);
  assert.equal((await call("puskesmas", "PATCH", "/api/v1/users/{username}", { params: { username: "kontrak.kader" }, body: { disabled: false } })).status, 403);
  const on = await call("dinkes_admin", "PATCH", "/api/v1/users/{username}", { params: { username: "kontrak.kader" }, body: { disabled: false } });
  assert.equal(on.status, 200);

  const login = await call(null, "POST", "/api/v1/session", { body: { username: "kontrak.kader", password: "kuda-lari-di-sawah-kontrak" } });
  tokens.contract = /sid=([^;]+)/.exec(login.headers.get("set-cookie"))[1];
  const sessions = await call("contract", "GET", "/api/v1/me/sessions");
  assert.equal(sessions.status, 200);
  assert.equal(sessions.body.items.filter((x) => x.current).length, 1);
  const wrong = await call("contract", "POST", "/api/v1/me/password", { body: { current_password: "not-it-at-all", new_password: "sapi-makan-rumput-kontrak" } });
  assert.equal(wrong.status, 422);
  assert.equal(wrong.body.error.message_id, "account.current_password_wrong");
  const changed = await call("contract", "POST", "/api/v1/me/password", { body: { current_password: "kuda-lari-di-sawah-kontrak", new_password: "sapi-makan-rumput-kontrak" } });
  assert.equal(changed.status, 200);
  const ended = await call("contract", "DELETE", "/api/v1/me/sessions");
  assert.equal(ended.status, 200);
  assert.equal(ended.body.ended, 0);
});

test("coverage routes", async () => {
  const snaps = await call("dinkes_admin", "GET", "/api/v1/coverage/snapshots");
  assert.equal(snaps.status, 200);
  assert.ok(snaps.body.items.length > 0, "the test imported a snapshot");
  for (const role of ["dinkes_admin", "puskesmas", "kader"]) {
    assert.equal((await call(role, "GET", "/api/v1/coverage")).status, 200);
    assert.equal((await call(role, "GET", "/api/v1/coverage/map")).status, 200);
    assert.equal((await call(role, "GET", "/api/v1/coverage/reviews", { query: { page_size: "5" } })).status, 200);
    const csv = await call(role, "GET", "/api/v1/coverage/worklist", { query: { format: "csv" } });
    assert.equal(csv.status, 200);
  }
  for (const role of ["dinkes_admin", "kader"]) {
    const someone = (await call(role, "GET", "/api/v1/people", { query: { q: "", page_size: "1" } })).body.items[0];
    const jkn = await call(role, "GET", "/api/v1/people/{id}/jkn", { params: { id: someone.id } });
    assert.equal(jkn.status, 200);
    assert.ok(jkn.body.snapshot, "the test imported a snapshot");
  }
  assert.equal((await call("kader", "GET", "/api/v1/people/{id}/jkn", { params: { id: "999999999" } })).status, 404);
  const badFormat = await call("dinkes_admin", "GET", "/api/v1/coverage/worklist", { query: { format: "pdf" } });
  assert.equal(badFormat.status, 400);
  const reviews = await call("dinkes_admin", "GET", "/api/v1/coverage/reviews", { query: { page_size: "2" } });
  for (const verdict of ["accept", "reject"]) {
    const path = `/api/v1/coverage/reviews/{noka}/${verdict}`;
    const bad = await call("dinkes_admin", "POST", path, { params: { noka: "12" } });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.message_id, "coverage.noka_invalid");
    assert.equal((await call("kader", "POST", path, { params: { noka: "0000000000001" } })).status, 403);
    const item = reviews.body.items[verdict === "accept" ? 0 : 1];
    if (item) {
      const ok = await call("dinkes_admin", "POST", path, { params: { noka: item.noka }, body: { note: "uji kontrak" } });
      assert.equal(ok.status, 200);
    }
  }
});

test("care routes", async () => {
  const due = await call("kader", "GET", "/api/v1/care/due");
  assert.equal(due.status, 200);
  const child = due.body.items.find((i) => i.service === "anthropometry");
  assert.ok(child, "the demo history leaves a child of the kader's RW to weigh");
  // A weight near the WHO median for the age, so a growth reference never finds it implausible.
  const [ty, tm] = due.body.date.split("-").map(Number);
  const [by, bm] = child.birth_date.split("-").map(Number);
  const months = Math.max(0, (ty - by) * 12 + tm - bm);
  const weight = months <= 6 ? 3.3 + 0.7 * months : months <= 12 ? 7.5 + 0.35 * (months - 6) : 9.6 + 0.2 * (months - 12);
  const body = {
    person_id: child.person_id, date: due.body.date, service: "anthropometry", place: "posyandu",
    weight_kg: Math.round(weight * 10) / 10, idempotency_key: "contract-entry-1",
  };
  const rec = await call("kader", "POST", "/api/v1/care/services", { body });
  assert.equal(rec.status, 201);
  const again = await call("kader", "POST", "/api/v1/care/services", { body });
  assert.equal(again.status, 200);
  assert.equal(again.body.id, rec.body.id);
  const heavy = await call("kader", "POST", "/api/v1/care/services", { body: { ...body, idempotency_key: undefined, weight_kg: 300 } });
  assert.equal(heavy.status, 422);
  assert.equal(heavy.body.error.message_id, "care.implausible");
  const id = { id: rec.body.id };
  assert.equal((await call("kader", "PATCH", "/api/v1/care/services/{id}", { params: id, body: { weight_kg: body.weight_kg + 0.2 } })).status, 200);
  const detail = await call("kader", "GET", "/api/v1/care/services/{id}", { params: id });
  assert.equal(detail.body.history.length, 1);
  assert.equal((await call("kader", "GET", "/api/v1/people/{id}/care", { params: { id: child.person_id } })).status, 200);
  assert.equal((await call("kader", "DELETE", "/api/v1/care/services/{id}", { params: id, query: { reason: "uji kontrak" } })).status, 200);
  assert.equal((await call("kader", "GET", "/api/v1/care/services/{id}", { params: { id: 999999999 } })).status, 404);
  assert.equal((await call("puskesmas", "GET", "/api/v1/care/due", { query: { format: "xlsx" } })).status, 200);
  assert.equal((await call("puskesmas", "GET", "/api/v1/care/due", { query: { format: "pdf" } })).status, 400);
  const targets = await call("puskesmas", "GET", "/api/v1/care/targets", { query: { year: "2026" } });
  assert.equal(targets.status, 200);
  assert.ok(targets.body.population > 0);
});

test("PWS routes", async () => {
  const month = new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 7);
  const table = await call("dinkes_admin", "GET", "/api/v1/pws", { query: { period: month } });
  assert.equal(table.status, 200);
  assert.ok(table.body.indicators.length >= 29, "every indicator of the table");
  assert.equal((await call("puskesmas", "GET", "/api/v1/pws", { query: { period: month, format: "xlsx" } })).status, 200);
  assert.equal((await call("dinkes_admin", "GET", "/api/v1/pws", { query: { period: "2026-13" } })).status, 422);
  const code = table.body.indicators.find((i) => i.code).code;
  const trend = await call("dinkes_admin", "GET", "/api/v1/pws/trend", { query: { indicator: code } });
  assert.equal(trend.status, 200);
  assert.ok(trend.body.series.length > 0);
  const people = await call("puskesmas", "GET", "/api/v1/pws/people", { query: { indicator: code, period: month, which: "missing" } });
  // 422 when the first indicator is not one of persons (the JKN share): still a documented answer.
  assert.ok([200, 403, 422].includes(people.status), `names behind a figure: ${people.status}`);
  const version = await call("kader", "GET", "/api/v1/pws/version");
  assert.equal(version.status, 200);
  const indicators = await call("nakes", "GET", "/api/v1/pws/indicators");
  assert.equal(indicators.status, 200);
});

test("transport routes (JSAS)", async () => {
  const tomorrow = new Date(Date.now() + 7 * 3600e3 + 86400e3).toISOString().slice(0, 10);
  const me = (await call("dinkes_admin", "GET", "/api/v1/me")).body;
  const city = me.scope;
  const vehicles = await call("dinkes_admin", "GET", "/api/v1/transport/vehicles", { query: { region: city } });
  assert.equal(vehicles.status, 200);
  assert.ok(vehicles.body.vehicles.length > 0, "the demo has a fleet");
  const home = vehicles.body.vehicles[0].home_facility.id;
  const added = await call("dinkes_admin", "POST", "/api/v1/transport/vehicles", {
    body: { region: city, code: "MBL-KONTRAK", kind: "car", seats: 3, wheelchairs: 1, stretchers: 0, home_facility: String(home) },
  });
  assert.equal(added.status, 201);
  const shift = await call("dinkes_admin", "POST", "/api/v1/transport/shifts", {
    body: { region: city, driver: "Pengemudi Kontrak", vehicle: "MBL-KONTRAK", date: tomorrow, start_minute: 360, end_minute: 1200 },
  });
  assert.equal(shift.status, 201);
  const board = await call("dinkes_admin", "GET", "/api/v1/transport/board", { query: { region: city, date: tomorrow } });
  assert.equal(board.status, 200);
  assert.ok(board.body.trips.length >= 10, "the demo books at least 10 trips a day in Kota Magelang");
  const person = (await call("dinkes_admin", "GET", "/api/v1/people", { query: { q: "", page_size: "1" } })).body.items[0];
  const facilities = (await call("dinkes_admin", "GET", "/api/v1/facilities", { query: { region: city } })).body.items;
  const hospital = facilities.find((f) => f.type === "hospital");
  const booking = {
    person_id: person.id, facility_id: hospital.id, pickup: { address: "Jl. Kontrak 1", lat: -7.48, lon: 110.22 },
    date: tomorrow, time: "10:30", mobility: "walks", companion: true, return_after_minutes: 60,
  };
  const booked = await call("dinkes_admin", "POST", "/api/v1/transport/trips", { body: booking });
  assert.equal(booked.status, 201);
  assert.equal(booked.body.trips.length, 2);
  const trip = booked.body.trips[0].id;
  const refused = await call("dinkes_admin", "POST", "/api/v1/transport/trips", { body: { ...booking, date: "2020-01-01" } });
  assert.equal(refused.status, 422);
  assert.equal(refused.body.error.message_id, "transport.time_passed");
  assert.equal((await call("dinkes_admin", "GET", "/api/v1/transport/trips/{id}", { params: { id: trip } })).status, 200);
  assert.equal((await call("kader", "GET", "/api/v1/transport/trips/{id}", { params: { id: "999999999" } })).status, 404);
  const plan = await call("dinkes_admin", "POST", "/api/v1/transport/plan", { body: { region: city, date: tomorrow } });
  assert.equal(plan.status, 200);
  const stale = await call("dinkes_admin", "POST", "/api/v1/transport/plan", { body: { region: city, date: tomorrow, version: 0 } });
  assert.equal(stale.status, 409);
  assert.equal(stale.body.error.message_id, "transport.plan_changed");
  const status = await call("dinkes_admin", "POST", "/api/v1/transport/trips/{id}/status", { params: { id: trip }, body: { status: "on_the_way" } });
  assert.equal(status.status, 200);
  const backwards = await call("dinkes_admin", "POST", "/api/v1/transport/trips/{id}/status", { params: { id: trip }, body: { status: "on_the_way" } });
  assert.equal(backwards.status, 409);
});

test("the configuration file is read and flags override it (docs/config.md)", async () => {
  const cfg = join(srv.dir, "siklus.toml");
  // The file names a database that does not exist and a short session; --db overrides the first.
  writeFileSync(cfg, '[database]\nurl = "/nonexistent/siklus.db"\n[session]\nlifetime_s = 120\n');
  const other = await serve(["--config", cfg, "--db", srv.db]);
  try {
    const u = srv.users.kader;
    const r = await fetch(`${other.url}/api/v1/session`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ username: u.username, password: u.password }),
    });
    assert.equal(r.status, 200, "--db overrode database.url");
    assert.match(r.headers.get("set-cookie"), /Max-Age=120\b/, "session.lifetime_s came from the file");
  } finally {
    assert.equal((await other.stop()).code, 0);
  }
  // A misspelt key is refused before anything runs, naming file, line and key in both languages.
  writeFileSync(cfg, "[server]\nthreads = 2\nthreds = 4\n");
  const bad = await run(BIN, ["--config", cfg, "--db", srv.db, "serve"], RUN_OPTS).catch((e) => e);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /siklus\.toml:3: server\.threds: unknown key \/ kunci tidak dikenal/);
});

test("growth routes: not installed, then imported and followed by the running server", async () => {
  const child = { sex: "P", birth: "2023-05-01", date: "2025-06-01", weight: 11, height: 86, recumbent: false };
  const none = await call("kader", "POST", "/api/v1/growth/assess", { body: child });
  assert.equal(none.status, 409);
  assert.equal(none.body.error.message_id, "growth.not_installed");
  const noCurves = await call("kader", "GET", "/api/v1/growth/curves", { query: { indicator: "wfa", sex: "P" } });
  assert.equal(noCurves.status, 409);
  const who = process.env.SIKLUS_WHO_GROWTH_DIR;
  if (!who || !existsSync(who)) return; // WHO's files absent: the installed answers are checked where they are
  await run(BIN, ["--db", srv.db, "import", "who-growth", who], RUN_OPTS);
  let assessed;
  for (let i = 0; i < 100; i++) {
    assessed = await call("kader", "POST", "/api/v1/growth/assess", { body: child });
    if (assessed.status !== 409) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  assert.equal(assessed.status, 200, JSON.stringify(assessed.body));
  assert.equal(typeof assessed.body.whz, "number");
  for (const indicator of ["wfa", "lhfa", "wfl", "wfh", "bmifa", "hcfa"]) {
    const c = await call("nakes", "GET", "/api/v1/growth/curves", { query: { indicator, sex: "L" } });
    assert.equal(c.status, 200);
    assert.ok(c.body.points.length > 50, indicator);
  }
  const bad = await call("nakes", "GET", "/api/v1/growth/curves", { query: { indicator: "acfa", sex: "L" } });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.message_id, "growth.indicator_invalid");
  const implausible = await call("nakes", "POST", "/api/v1/growth/assess", { body: { ...child, weight: 60 } });
  assert.equal(implausible.status, 400);
  assert.equal(implausible.body.error.field, "weight");
});

test("every documented operation was exercised against the real server", () => {
  const missing = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of Object.keys(item)) {
      const key = `${method.toUpperCase()} ${path}`;
      if (!exercised.has(key)) missing.push(key);
    }
  }
  assert.deepEqual(missing, [], "add a request for each of these to tests/api/openapi.test.mjs");
});

test("web/src/api_types.ts is generated from the current docs/openapi.json", async () => {
  const dir = mkdtempSync(join(tmpdir(), "siklus-api-types-"));
  const out = join(dir, "api_types.ts");
  await run(join(ROOT, "node_modules/.bin/openapi-typescript"), [DOC_FILE, "--output", out], { cwd: ROOT });
  const fresh = readFileSync(out, "utf8");
  rmSync(dir, { recursive: true, force: true });
  assert.equal(readFileSync(join(ROOT, "web/src/api_types.ts"), "utf8"), fresh, "run `npm run api-types`");
});
