// Mixed-load client for bench/http/mixed.sh (issue 7, "Figures"): N keep-alive clients send a
// 90 % read / 10 % write mix for a fixed time while a probe measures how long a write takes to
// show in search and in the coverage table. Plain node:http (no npm dependency), one Agent with
// one socket per client, so there are exactly N keep-alive connections.
//
// Usage: node bench/http/mixed.mjs --url http://127.0.0.1:PORT --cookie 'sid=…' [--duration 60]
//          [--clients 32] [--seed 7] [--probe-interval 0.5] [--probe-timeout 5] [--poll-ms 25]
//          [--out FILE] [--meta JSON]
// Writes one JSON document (figures, probe, machine) to --out (or stdout) and a short table on
// stderr. Exit 0 even when targets are missed: the report says so; exit 1 only if setup fails.

import http from 'node:http';
import os from 'node:os';
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';

const args = parseArgs(process.argv.slice(2), {
  url: '', cookie: '', duration: '60', clients: '32', seed: '7', 'probe-interval': '0.5',
  'probe-timeout': '5', 'poll-ms': '25', out: '', meta: '{}', 'sample-pages': '40',
});
const URL_ = new URL(args.url);
const DURATION_S = Number(args.duration);
const CLIENTS = Number(args.clients);
const PROBE_INTERVAL_MS = Number(args['probe-interval']) * 1000;
const PROBE_TIMEOUT_MS = Number(args['probe-timeout']) * 1000;
const POLL_MS = Number(args['poll-ms']);

// The mix of issue 7: 90 % reads split evenly over the four read kinds, 10 % writes split
// between creating and updating a resident.
const MIX = [
  ['nik', 22.5], ['name', 22.5], ['person', 22.5], ['coverage', 22.5],
  ['create', 5], ['update', 5],
];
const EXPECT = { nik: 200, name: 200, person: 200, coverage: 200, create: 201, update: 200 };

function parseArgs(argv, defaults) {
  const out = { ...defaults };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '');
    if (!(key in defaults) || i + 1 >= argv.length) die(`unknown or incomplete option ${argv[i]}`);
    out[key] = argv[i + 1];
  }
  if (!out.url || !out.cookie) die('--url and --cookie are required');
  return out;
}

function die(msg) {
  process.stderr.write(`mixed.mjs: ${msg}\n`);
  process.exit(1);
}

// xorshift32: the targets and the mix are the same for the same seed.
function rng(seed) {
  let s = seed >>> 0 || 1;
  const next = () => {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s / 4294967296;
  };
  next.int = (n) => Math.floor(next() * n);
  next.pick = (a) => a[next.int(a.length)];
  return next;
}

// One HTTP request on `agent`; resolves {status, body, ms}; never rejects (a socket error is
// status 0 with the message as body), so a failed request is counted, not fatal.
function request(agent, method, path, body) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const headers = { Cookie: args.cookie, 'Accept-Language': 'en' };
    let payload;
    if (body !== undefined) {
      payload = Buffer.from(JSON.stringify(body));
      headers['Content-Type'] = 'application/json';
      headers['Content-Length'] = payload.length;
    }
    const req = http.request(
      { host: URL_.hostname, port: URL_.port, method, path, headers, agent },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({
          status: res.statusCode, body: Buffer.concat(chunks).toString(), ms: performance.now() - t0,
        }));
        res.on('error', (e) => resolve({ status: 0, body: String(e), ms: performance.now() - t0 }));
      });
    req.on('error', (e) => resolve({ status: 0, body: String(e), ms: performance.now() - t0 }));
    if (payload) req.write(payload);
    req.end();
  });
}

async function getJson(agent, path) {
  const r = await request(agent, 'GET', path);
  if (r.status !== 200) throw new Error(`GET ${path}: ${r.status} ${r.body.slice(0, 200)}`);
  return JSON.parse(r.body);
}

// ---- setup: regions and people to aim at, through the API as a user would ----------------

const setupAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const rand = rng(Number(args.seed));

async function setup() {
  const city = await getJson(setupAgent, '/api/v1/regions/me');
  const kecamatan = city.children.map((c) => c.code);
  const villages = [];
  for (const k of kecamatan) {
    const r = await getJson(setupAgent, `/api/v1/regions/${encodeURIComponent(k)}`);
    for (const v of r.children) villages.push({ code: v.code, name: v.name, residents: v.residents });
  }
  if (!villages.length) throw new Error('no kelurahan in scope');

  const total = (await getJson(setupAgent, '/api/v1/people?page_size=1')).total;
  const people = [];
  // Pages drawn over the whole name-ordered list, so the sample spans the alphabet.
  const pages = Number(args['sample-pages']);
  for (let i = 0; i < pages; i++) {
    const page = 1 + rand.int(Math.max(1, Math.floor(total / 100)));
    people.push(...(await getJson(setupAgent, `/api/v1/people?page=${page}&page_size=100`)).items);
  }
  if (!people.length) throw new Error('no people in scope');
  // The first coverage request may compute the city's report; do it before the clock starts.
  await getJson(setupAgent, `/api/v1/coverage?region=${encodeURIComponent(city.code)}`);
  // Name words to make plausible names for the residents the benchmark creates.
  const words = people.map((p) => p.name.split(/\s+/)).filter((w) => w.length >= 2);
  return { city: city.code, cityName: city.name, kecamatan, villages, total, people, words };
}

// Two neighbouring letters of the longest word swapped: the typo search has to forgive.
function typo(name) {
  const words = name.split(' ');
  let i = 0;
  words.forEach((w, k) => { if (w.length > words[i].length) i = k; });
  const w = words[i];
  if (w.length >= 4) {
    const j = 1 + rand.int(w.length - 3);
    words[i] = w.slice(0, j) + w[j + 1] + w[j] + w.slice(j + 2);
  }
  return words.join(' ');
}

// ---- NIKs for created residents ------------------------------------------------------------
// PP KK CC DDMMYY SSSS (core/nik.h), day + 40 for women. The demo numbers serials from 0001 per
// (kecamatan, birth date) and has a handful per date, so serials 5000–9999 drawn at random do not
// meet the demo's; the set keeps this run's own unique. Their generator is seeded from the clock,
// not --seed: a rerun on the same database must not repeat the last run's NIKs (409).
const usedNiks = new Set();
const nikRand = rng((Date.now() ^ (process.pid << 16)) >>> 0);
function newResident(village, r = nikRand) {
  const district6 = village.code.replace(/\D/g, '').slice(0, 6);
  for (;;) {
    const year = 1950 + r.int(74);
    const month = 1 + r.int(12);
    const day = 1 + r.int(28);
    const female = r() < 0.5;
    const serial = 5000 + r.int(5000);
    const dd = String(day + (female ? 40 : 0)).padStart(2, '0');
    const nik = district6 + dd + String(month).padStart(2, '0') + String(year % 100).padStart(2, '0') +
      String(serial).padStart(4, '0');
    if (usedNiks.has(nik)) continue;
    usedNiks.add(nik);
    return {
      nik,
      sex: female ? 'P' : 'L',
      birth_date: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
      village_code: village.code,
    };
  }
}

function phone(r = rand) {
  return '0812' + String(r.int(1e8)).padStart(8, '0');
}

// ---- statistics ----------------------------------------------------------------------------

function percentile(sorted, p) {
  if (!sorted.length) return null;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

function summary(ms) {
  const s = Float64Array.from(ms).sort();
  const r3 = (x) => (x === null ? null : Math.round(x * 1000) / 1000);
  return {
    p50_ms: r3(percentile(s, 50)), p90_ms: r3(percentile(s, 90)), p99_ms: r3(percentile(s, 99)),
    max_ms: r3(s.length ? s[s.length - 1] : null),
  };
}

// ---- load ----------------------------------------------------------------------------------

async function load(world, probeVillage, deadline) {
  const stats = Object.fromEntries(MIX.map(([k]) => [k, { ms: [], errors: 0, samples: [] }]));
  const total = MIX.reduce((a, [, w]) => a + w, 0);
  const writeVillages = world.villages.filter((v) => v.code !== probeVillage.code);
  const coverageRegions = [world.city, ...world.kecamatan, ...world.villages.map((v) => v.code)];
  const names = world.people.map((p, i) => (i % 2 ? p.name : typo(p.name)));

  const client = async (n) => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const r = rng(Number(args.seed) * 1000 + n + 1);
    while (performance.now() < deadline) {
      let x = r() * total;
      let kind = MIX[MIX.length - 1][0];
      for (const [k, w] of MIX) { if ((x -= w) < 0) { kind = k; break; } }
      let res;
      switch (kind) {
        case 'nik':
          res = await request(agent, 'GET', `/api/v1/people?q=${r.pick(world.people).nik}`);
          break;
        case 'name':
          res = await request(agent, 'GET', `/api/v1/people?q=${encodeURIComponent(r.pick(names))}`);
          break;
        case 'person':
          res = await request(agent, 'GET', `/api/v1/people/${r.pick(world.people).id}`);
          break;
        case 'coverage':
          res = await request(agent, 'GET',
            `/api/v1/coverage?region=${encodeURIComponent(r.pick(coverageRegions))}`);
          break;
        case 'create': {
          const v = r.pick(writeVillages);
          const body = {
            ...newResident(v),
            name: `${r.pick(world.words)[0]} ${r.pick(world.words).at(-1)}`,
            birth_place: world.cityName, street: `Jl. Beban No. ${1 + r.int(200)}`,
            rt: 1 + r.int(5), rw: 1 + r.int(5), phone: phone(r),
          };
          res = await request(agent, 'POST', '/api/v1/people', body);
          break;
        }
        case 'update':
          // A phone number: a real edit that moves nobody, so the probe's counts stay its own.
          res = await request(agent, 'PATCH', `/api/v1/people/${r.pick(world.people).id}`,
            { phone: phone(r) });
          break;
      }
      const st = stats[kind];
      st.ms.push(res.ms);
      if (res.status !== EXPECT[kind]) {
        st.errors++;
        if (st.samples.length < 5) st.samples.push(`${res.status} ${res.body.slice(0, 200)}`);
      }
    }
    agent.destroy();
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CLIENTS }, (_, n) => client(n)));
  const seconds = (performance.now() - t0) / 1000;
  const out = {};
  let all = 0, errors = 0;
  for (const [k] of MIX) {
    const st = stats[k];
    all += st.ms.length; errors += st.errors;
    out[k] = {
      count: st.ms.length, rps: Math.round((st.ms.length / seconds) * 10) / 10, errors: st.errors,
      ...summary(st.ms), error_samples: st.samples,
    };
  }
  const allMs = MIX.flatMap(([k]) => stats[k].ms);
  out.all = { count: all, rps: Math.round((all / seconds) * 10) / 10, errors, ...summary(allMs) };
  return { seconds: Math.round(seconds * 100) / 100, kinds: out };
}

// ---- change-feed probe ---------------------------------------------------------------------
// Owns one kelurahan (the load's creates avoid it; its updates only change phone numbers), so
// the probe knows what that kelurahan's coverage row and RW rows must say after each of its
// writes. The writes cycle: create a resident in RW a, move them to RW b, record the death of an
// earlier probe resident. Every write must lead to counts the kelurahan has never had before (an
// RW for a create or move, a resident for a death is chosen so; if there is none, a create is
// made instead), so a table stuck at an older state, the base included, never passes for the new
// one. (A death of the resident just created and moved would give back the counts before it.)
// After each write it polls exact-NIK search and the kelurahan's coverage table every POLL_MS
// until both show the write, or PROBE_TIMEOUT_MS passes ("not live"). Latency is from the write's
// response to the response of the first poll that shows it (an upper bound); `lower` is from the
// write's response to when that poll was sent (0 if the first poll shows it).

function coverageCounts(cov) {
  const m = new Map([[cov.region, cov.residents]]);
  for (const c of cov.children) m.set(c.region, c.residents);
  return m;
}

async function probe(world, village, deadline) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 2 });
  const covPath = `/api/v1/coverage?region=${encodeURIComponent(village.code)}`;
  const base = coverageCounts(await getJson(agent, covPath));
  const rws = [...base.keys()].filter((k) => /\.RW\d+$/.test(k));
  if (rws.length < 3) throw new Error(`probe kelurahan ${village.code} has fewer than three RWs`);
  const rwNumber = (code) => Number(code.match(/\.RW(\d+)$/)[1]);
  const villageKey = [...base.keys()].find((k) => !/\.RW\d+$/.test(k));
  const keys = [villageKey, ...rws];
  let expected = new Map(base);
  const stateKey = (m) => keys.map((k) => m.get(k) ?? 0).join(',');
  const seen = new Set([stateKey(expected)]);
  const after = (deltas) => {
    const m = new Map(expected);
    for (const [k, d] of deltas) m.set(k, (m.get(k) ?? 0) + d);
    return m;
  };
  const novel = (deltas) => !seen.has(stateKey(after(deltas)));

  const results = { search: [], coverage: [], both: [], search_lower: [], coverage_lower: [],
    write_ms: [], attempts: 0, kinds: { create: 0, move: 0, death: 0 }, write_errors: 0,
    not_live: { search: 0, coverage: 0, either: 0 }, errors: [] };
  const pr = rng(Number(args.seed) + 99);
  const shuffled = (a) => a.map((x) => [pr(), x]).sort((p, q) => p[0] - q[0]).map((p) => p[1]);
  let person = null; // {id, nik, rw} of the probe's latest resident, alive
  const alive = []; // all its residents still alive, person included
  let step = 0;
  while (performance.now() + PROBE_INTERVAL_MS < deadline) {
    const started = performance.now();
    let kind = person ? ['create', 'move', 'death'][step % 3] : 'create';
    let deltas, to, victim;
    if (kind === 'move') {
      to = shuffled(rws).find((r) => r !== person.rw && novel([[person.rw, -1], [r, 1]]));
      if (to) deltas = [[person.rw, -1], [to, 1]]; else kind = 'create';
    } else if (kind === 'death') {
      victim = shuffled(alive.filter((p) => p !== person))
        .find((p) => novel([[villageKey, -1], [p.rw, -1]]));
      if (victim) deltas = [[villageKey, -1], [victim.rw, -1]]; else kind = 'create';
    }
    if (kind === 'create') {
      to = shuffled(rws).find((r) => novel([[villageKey, 1], [r, 1]])) ?? pr.pick(rws);
      deltas = [[villageKey, 1], [to, 1]];
    }
    const target = kind === 'death' ? victim : person;
    let write, check, nik = target?.nik, id = target?.id;
    if (kind === 'create') {
      const body = { ...newResident(village),
        name: `${pr.pick(world.words)[0]} ${pr.pick(world.words).at(-1)}`,
        rt: 1, rw: rwNumber(to), street: 'Jl. Sonde No. 1', phone: phone(pr) };
      write = await request(agent, 'POST', '/api/v1/people', body);
      if (write.status === 201) { id = JSON.parse(write.body).id; nik = body.nik; }
      check = (item) => item !== undefined;
    } else if (kind === 'move') {
      write = await request(agent, 'PATCH', `/api/v1/people/${id}`, { rw: rwNumber(to) });
      check = (item) => item && item.rw === rwNumber(to);
    } else {
      const today = new Date().toISOString().slice(0, 10);
      write = await request(agent, 'PATCH', `/api/v1/people/${id}`,
        { status: 'MATI', status_date: today });
      check = (item) => item && item.status === 'MATI';
    }
    results.attempts++;
    results.kinds[kind]++;
    results.write_ms.push(write.ms);
    if (write.status !== (kind === 'create' ? 201 : 200)) {
      results.write_errors++;
      if (results.errors.length < 5) results.errors.push(`${kind}: ${write.status} ${write.body.slice(0, 200)}`);
      step = 0; // start again with a fresh resident
    } else {
      const acked = performance.now();
      expected = after(deltas);
      seen.add(stateKey(expected));
      if (kind === 'create') {
        person = { id, nik, rw: to };
        alive.push(person);
      } else if (kind === 'move') {
        person.rw = to;
      } else {
        alive.splice(alive.indexOf(victim), 1);
      }
      const want = new Map(expected);
      let search = null, coverage = null; // {sent, at} of the poll that first showed the write
      while ((!search || !coverage) && performance.now() - acked < PROBE_TIMEOUT_MS) {
        const polls = [];
        const sent = performance.now();
        if (!search) {
          polls.push(request(agent, 'GET', `/api/v1/people?q=${nik}`).then((r) => {
            if (r.status === 200 && check(JSON.parse(r.body).items.find((i) => i.id === id))) {
              search = { sent, at: performance.now() };
            }
          }));
        }
        if (!coverage) {
          polls.push(request(agent, 'GET', covPath).then((r) => {
            if (r.status !== 200) return;
            const now = coverageCounts(JSON.parse(r.body));
            if (keys.every((k) => (now.get(k) ?? 0) === (want.get(k) ?? 0))) {
              coverage = { sent, at: performance.now() };
            }
          }));
        }
        await Promise.all(polls);
        if (!search || !coverage) await sleep(POLL_MS);
      }
      const first = (sent) => (sent - acked < 1 ? 0 : sent - acked);
      if (search) {
        results.search.push(search.at - acked);
        results.search_lower.push(first(search.sent));
      } else results.not_live.search++;
      if (coverage) {
        results.coverage.push(coverage.at - acked);
        results.coverage_lower.push(first(coverage.sent));
      } else results.not_live.coverage++;
      if (search && coverage) results.both.push(Math.max(search.at, coverage.at) - acked);
      else results.not_live.either++;
      step = { create: 1, move: 2, death: 0 }[kind];
    }
    const wait = PROBE_INTERVAL_MS - (performance.now() - started);
    if (wait > 0) await sleep(wait);
  }
  agent.destroy();
  const fmt = (ms, lower) => ({ shown: ms.length, ...summary(ms),
    ...(lower ? { lower: summary(lower) } : {}) });
  return {
    kelurahan: village.code, kelurahan_name: village.name, interval_s: PROBE_INTERVAL_MS / 1000,
    timeout_s: PROBE_TIMEOUT_MS / 1000, poll_ms: POLL_MS, attempts: results.attempts,
    writes_by_kind: results.kinds, write_errors: results.write_errors,
    write_errors_samples: results.errors, not_live: results.not_live,
    write: summary(results.write_ms),
    search: fmt(results.search, results.search_lower),
    coverage: fmt(results.coverage, results.coverage_lower),
    both: fmt(results.both),
  };
}

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

// ---- main ----------------------------------------------------------------------------------

function machine() {
  const cpus = os.cpus();
  return { cpu_model: cpus[0]?.model ?? 'unknown', cores: cpus.length,
    mem_gib: Math.round(os.totalmem() / 2 ** 30) };
}

const la = () => os.loadavg().map((x) => Math.round(x * 100) / 100);

let world;
try {
  world = await setup();
} catch (e) {
  die(`setup failed: ${e.message}`);
}
// The probe's kelurahan: the smallest, so its coverage table is the cheapest to poll.
const probeVillage = [...world.villages].sort((a, b) => a.residents - b.residents)[0];
process.stderr.write(`== ${world.total} people in scope, ${world.people.length} sampled, ` +
  `${world.villages.length} kelurahan; probe in ${probeVillage.code} ${probeVillage.name}\n`);

const loadBefore = la();
const cpuBefore = process.cpuUsage();
const startedAt = new Date().toISOString();
const deadline = performance.now() + DURATION_S * 1000;
let probeResult;
const [loadResult] = await Promise.all([
  load(world, probeVillage, deadline),
  probe(world, probeVillage, deadline).then((r) => { probeResult = r; })
    .catch((e) => { probeResult = { error: e.message }; }),
]);
const loadAfter = la();
// The client shares the machine with the server: what it took of the CPU, in seconds.
const cpu = process.cpuUsage(cpuBefore);
const clientCpuS = Math.round((cpu.user + cpu.system) / 1e4) / 100;

const k = loadResult.kinds;
const worstP99 = Math.max(...MIX.map(([kind]) => k[kind].p99_ms ?? 0));
const report = {
  benchmark: 'http-mixed',
  started_at: startedAt,
  ...JSON.parse(args.meta),
  machine: machine(),
  load_average_before: loadBefore,
  load_average_after: loadAfter,
  config: { clients: CLIENTS, duration_s: DURATION_S, seed: Number(args.seed),
    mix_pct: Object.fromEntries(MIX), people_in_scope: world.total, people_sampled: world.people.length },
  seconds: loadResult.seconds,
  client_cpu_s: clientCpuS,
  kinds: k,
  change_feed: probeResult,
  targets: {
    errors_zero: k.all.errors === 0,
    p99_le_25ms: worstP99 <= 25,
    worst_p99_ms: worstP99,
    feed_p99_le_1s: probeResult?.both?.p99_ms != null && probeResult.not_live?.either === 0 &&
      probeResult.both.p99_ms <= 1000,
  },
};

const text = JSON.stringify(report, null, 2) + '\n';
if (args.out) fs.writeFileSync(args.out, text); else process.stdout.write(text);

const pad = (s, n) => String(s ?? '-').padStart(n);
process.stderr.write(`\n${'kind'.padEnd(9)}${pad('count', 8)}${pad('req/s', 9)}${pad('p50 ms', 9)}` +
  `${pad('p99 ms', 9)}${pad('max ms', 9)}${pad('errors', 8)}\n`);
for (const kind of [...MIX.map(([x]) => x), 'all']) {
  const s = k[kind];
  process.stderr.write(`${kind.padEnd(9)}${pad(s.count, 8)}${pad(s.rps, 9)}${pad(s.p50_ms, 9)}` +
    `${pad(s.p99_ms, 9)}${pad(s.max_ms, 9)}${pad(s.errors, 8)}\n`);
}
if (probeResult?.error) {
  process.stderr.write(`change feed probe failed: ${probeResult.error}\n`);
} else {
  const p = probeResult;
  process.stderr.write(`\nchange feed (${p.attempts} writes, timeout ${p.timeout_s} s): ` +
    `search p50/p99/max ${p.search.p50_ms}/${p.search.p99_ms}/${p.search.max_ms} ms, not live ${p.not_live.search}; ` +
    `coverage p50/p99/max ${p.coverage.p50_ms}/${p.coverage.p99_ms}/${p.coverage.max_ms} ms, not live ${p.not_live.coverage}; ` +
    `both p99 ${p.both.p99_ms} ms; write errors ${p.write_errors}\n`);
}
for (const kind of MIX.map(([x]) => x)) {
  for (const e of k[kind].error_samples) process.stderr.write(`error ${kind}: ${e}\n`);
}
