// The PWS over HTTP against a running `siklus serve`, and DuckDB beside it on the same data.
// Usage: node bench/pws/bench.mjs --url URL --user U --password P --city 3371 --period YYYY-MM
//          --db city.db --csv DIR   (DIR holds person.csv and service.csv, see run.sh)
// Prints one line per figure and reports each through bench/figure.py.
import { execFileSync } from "node:child_process";
import { DuckDBInstance } from "@duckdb/node-api";

const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, "")] = process.argv[i + 1];
const { url, user, password, city, period, db, csv } = args;

function figure(key, value, unit, label, peer) {
  const a = [key, String(value), unit, label];
  if (peer) a.push("--peer", ...peer);
  execFileSync("bench/figure.py", a, { stdio: "inherit" });
}
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;

const login = await fetch(`${url}/api/v1/session`, {
  method: "POST",
  headers: { "Content-Type": "application/json" },
  body: JSON.stringify({ username: user, password }),
});
if (!login.ok) throw new Error(`login: ${login.status} ${await login.text()}`);
const cookie = login.headers.get("set-cookie").split(";")[0];
async function get(path) {
  const r = await fetch(url + path, { headers: { Cookie: cookie } });
  if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
  return r.json();
}
async function timed(path, n) {
  for (let i = 0; i < 5; ++i) await get(path);
  const times = [];
  let body;
  for (let i = 0; i < n; ++i) {
    const t0 = process.hrtime.bigint();
    body = await get(path);
    times.push(ms(t0));
  }
  return { p50: pct(times, 50), p95: pct(times, 95), body };
}

// 1. Tables over HTTP, one client.
const cityT = await timed(`/api/v1/pws?region=${city}&period=${period}`, 100);
console.log(`city table          p50 ${cityT.p50.toFixed(2)} ms  p95 ${cityT.p95.toFixed(2)} ms  (${cityT.body.indicators.length} indicators x ${cityT.body.children.length} puskesmas)`);
figure("pws.http.city.p95", cityT.p95.toFixed(2), "ms", `city ${city}: GET /api/v1/pws (city + its puskesmas), p95`);
const pkm = cityT.body.children[0].region;
const pkmT = await timed(`/api/v1/pws?region=${encodeURIComponent(pkm)}&period=${period}`, 200);
console.log(`puskesmas table     p50 ${pkmT.p50.toFixed(2)} ms  p95 ${pkmT.p95.toFixed(2)} ms  (${pkm}, ${pkmT.body.children.length} kelurahan)`);
figure("pws.http.puskesmas.p95", pkmT.p95.toFixed(2), "ms", `city ${city}: GET /api/v1/pws of ${pkm}, p95`);
// The whole city: every kelurahan x every indicator in one request (children=kelurahan).
const allPath = `/api/v1/pws?region=${city}&period=${period}&children=kelurahan`;
const allT = await timed(allPath, 100);
const siklusVillages = new Map();
for (const c of allT.body.children) siklusVillages.set(c.region, c.indicators);
const allP50 = allT.p50, allP95 = allT.p95;
console.log(`every kelurahan     p50 ${allP50.toFixed(2)} ms  p95 ${allP95.toFixed(2)} ms  (one request: ${siklusVillages.size} kelurahan x ${cityT.body.indicators.length} indicators)`);

// 2. DuckDB on the CSV export: the same month figures for every kelurahan of the city.
const inst = await DuckDBInstance.create(":memory:");
const duck = await inst.connect();
let t0 = process.hrtime.bigint();
await duck.run(`CREATE TABLE person AS SELECT * FROM read_csv('${csv}/person.csv', header=true, all_varchar=true)`);
await duck.run(`CREATE TABLE service AS SELECT person_id::BIGINT AS person_id, service, date::DATE AS d, visit::INTEGER AS visit, weight_kg::DOUBLE AS weight_kg FROM read_csv('${csv}/service.csv', header=true, all_varchar=true)`);
const loadMs = ms(t0);
await duck.run(`CREATE MACRO age_months(b, d) AS (year(d) - year(b)) * 12 + (month(d) - month(b)) - CASE WHEN day(d) < day(b) THEN 1 ELSE 0 END`);
await duck.run(`CREATE MACRO age_years(b, d) AS (year(d) - year(b)) - CASE WHEN month(d) < month(b) OR (month(d) = month(b) AND day(d) < day(b)) THEN 1 ELSE 0 END`);
const [y, m] = period.split("-").map(Number);
const monthStart = `DATE '${period}-01'`;
const monthEnd = `(DATE '${period}-01' + INTERVAL 1 MONTH - INTERVAL 1 DAY)::DATE`;
const yearStart = `DATE '${y}-01-01'`;
const july = `DATE '${y}-07-01'`;
const sql = `
WITH p AS (SELECT id::BIGINT AS id, village_code AS v, TRY_CAST(birth_date AS DATE) AS b, status FROM person),
weighed AS (SELECT p.v, COUNT(DISTINCT s.person_id) AS n FROM service s JOIN p ON p.id = s.person_id
  WHERE s.service = 'anthropometry' AND s.weight_kg > 0 AND s.d BETWEEN ${monthStart} AND ${monthEnd}
    AND p.b IS NOT NULL AND age_months(p.b, s.d) < 60 GROUP BY 1),
under5 AS (SELECT v, COUNT(*) AS n FROM p WHERE status = 'HIDUP' AND b IS NOT NULL AND b <= ${monthEnd}
  AND age_months(b, ${monthEnd}) < 60 GROUP BY 1),
k1 AS (SELECT p.v, COUNT(DISTINCT s.person_id) AS n FROM service s JOIN p ON p.id = s.person_id
  WHERE s.service = 'anc' AND s.visit >= 1 AND s.d BETWEEN ${yearStart} AND ${monthEnd} GROUP BY 1),
ptm AS (SELECT p.v, COUNT(DISTINCT s.person_id) AS n FROM service s JOIN p ON p.id = s.person_id
  WHERE s.service IN ('ptm_screening', 'elderly_screening') AND s.d BETWEEN ${yearStart} AND ${monthEnd}
    AND p.b IS NOT NULL AND age_years(p.b, s.d) >= 15 GROUP BY 1),
adults AS (SELECT v, COUNT(*) AS n FROM p WHERE status = 'HIDUP' AND b IS NOT NULL AND b <= ${july}
  AND age_years(b, ${july}) >= 15 GROUP BY 1)
SELECT u.v, COALESCE(w.n, 0) AS d, u.n AS s, COALESCE(k1.n, 0) AS k1, COALESCE(ptm.n, 0) AS ptm, a.n AS adults
FROM under5 u LEFT JOIN weighed w USING (v) LEFT JOIN k1 USING (v) LEFT JOIN ptm USING (v) LEFT JOIN adults a USING (v)
ORDER BY 1`;
let rows;
await duck.runAndReadAll(sql);
const duckTimes = [];
for (let i = 0; i < 10; ++i) {
  t0 = process.hrtime.bigint();
  rows = (await duck.runAndReadAll(sql)).getRowObjects();
  duckTimes.push(ms(t0));
}
const duckP50 = pct(duckTimes, 50);
console.log(`DuckDB              p50 ${duckP50.toFixed(2)} ms  (CSV load ${loadMs.toFixed(0)} ms, not counted; ${rows.length} kelurahan x 5 measures)`);
// Same numbers? D/S, K1 (numerator) and PTM screening, for every kelurahan.
let compared = 0, differ = 0;
for (const r of rows) {
  const ind = siklusVillages.get(r.v);
  if (!ind) continue;
  const f = (c) => ind.find((i) => i.code === c);
  const want = [Number(r.d), Number(r.s), Number(r.k1), Number(r.ptm), Number(r.adults)];
  const have = [f("d_s").numerator, f("d_s").denominator, f("k1").numerator, f("skrining_ptm").numerator, f("skrining_ptm").denominator];
  compared += 5;
  for (let i = 0; i < 5; ++i) if (want[i] !== have[i]) {
    ++differ;
    if (differ <= 5) console.log(`  differs: ${r.v} measure ${i}: DuckDB ${want[i]}, siklus ${have[i]}`);
  }
}
console.log(`figures compared    ${compared}, differing ${differ}`);
const ratio = duckP50 / allP50;
console.log(`ratio               DuckDB / siklus (every kelurahan) = ${ratio.toFixed(1)}x`);
figure("pws.http.every_kelurahan.p95", allP95.toFixed(2), "ms",
  `city ${city}: GET /api/v1/pws?children=kelurahan (all kelurahan x all indicators), p95`,
  ["DuckDB (5 measures x all kelurahan, in-memory tables from CSV)", duckP50.toFixed(2), "same run"]);

// 3. Freshness: a recorded weighing shows in its kelurahan's table, while 16 clients read
// dashboards of the city and its puskesmas.
const village = pkmT.body.children[0].region;
const due = await get(`/api/v1/care/due?region=${village}`);
const kids = due.items.filter((i) => i.service === "anthropometry").slice(0, 20);
let reading = true;
const readers = Array.from({ length: 16 }, async (_, k) => {
  let n = 0;
  while (reading) {
    await get(`/api/v1/pws?region=${k % 2 ? city : encodeURIComponent(pkm)}&period=${period}`);
    ++n;
  }
  return n;
});
const lags = [];
const thisMonth = due.date.slice(0, 7);
for (const kid of kids) {
  const before = (await get(`/api/v1/pws?region=${village}&period=${thisMonth}`)).indicators.find((i) => i.code === "d_s").numerator;
  const months = Math.max(0, Math.round((Date.parse(due.date) - Date.parse(kid.birth_date)) / (30.44 * 86400e3)));
  const weight = months < 12 ? 3.3 + 0.6 * months : 9.5 + 0.2 * (months - 12);
  t0 = process.hrtime.bigint();
  const r = await fetch(`${url}/api/v1/care/services`, {
    method: "POST",
    headers: { Cookie: cookie, "Content-Type": "application/json" },
    body: JSON.stringify({ person_id: kid.person_id, date: due.date, service: "anthropometry", place: "posyandu", weight_kg: Number(weight.toFixed(1)) }),
  });
  if (r.status !== 201) throw new Error(`record: ${r.status} ${await r.text()}`);
  for (;;) {
    const now = (await get(`/api/v1/pws?region=${village}&period=${thisMonth}`)).indicators.find((i) => i.code === "d_s").numerator;
    if (now > before) break;
    if (ms(t0) > 10000) throw new Error("not visible after 10 s");
    await new Promise((res) => setTimeout(res, 5));
  }
  lags.push(ms(t0));
}
reading = false;
const reads = (await Promise.all(readers)).reduce((a, b) => a + b, 0);
console.log(`record -> visible   p50 ${pct(lags, 50).toFixed(0)} ms  p99 ${pct(lags, 99).toFixed(0)} ms  (${lags.length} weighings; 16 readers made ${reads} table reads meanwhile)`);
figure("pws.freshness.p99", pct(lags, 99).toFixed(0), "ms", `city ${city}: POST a weighing until D/S moves, 16 readers, p99`);
