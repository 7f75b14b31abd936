// Self-test of mixed.mjs's change-feed probe against a tiny fake of the siklus API whose
// coverage table shows writes FEED_DELAY ms late (search at once). It checks that the probe
// measures that delay when the table follows (delay 300 ms: every write shown, coverage latency
// >= 300 ms and < 1 s) and reports "not live" when it never does (the table stays at its base).
// Usage: node bench/http/mixed_selftest.mjs   (exit 0 when both cases hold; ~20 s)

import http from 'node:http';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';

function fakeApi(feedDelayMs) {
  // Two kelurahan of three RWs, 20 residents each; history per person: [{t, village, rw, alive}].
  const villages = ['3371011001', '3371011002'];
  const people = new Map();
  let nextId = 1;
  const put = (p, state, t) => p.history.push({ t, ...state });
  for (const v of villages) {
    for (let i = 0; i < 20; i++) {
      const id = nextId++;
      const p = { id, nik: `337101010190${String(id).padStart(4, '0')}`, name: `Budi Santoso ${id}`,
        history: [] };
      put(p, { village: v, rw: 1 + (i % 3), alive: true }, 0);
      people.set(id, p);
    }
  }
  const now = () => performance.now();
  const stateAt = (p, t) => p.history.filter((h) => h.t <= t).at(-1);
  const item = (p) => {
    const s = p.history.at(-1);
    return { id: p.id, nik: p.nik, name: p.name, village_code: s.village, rw: s.rw,
      status: s.alive ? 'HIDUP' : 'MATI' };
  };
  const json = (res, status, body) => {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  return http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const u = new URL(req.url, 'http://x');
      const p = u.pathname;
      if (p === '/api/v1/regions/me') {
        return json(res, 200, { code: '3371', name: 'Kota Uji', children: [{ code: '337101' }] });
      }
      if (p === '/api/v1/regions/337101') {
        return json(res, 200, { code: '337101', children: villages.map((v, i) => ({
          code: v, name: `Kelurahan ${i}`, residents: 20 + i })) });
      }
      if (p === '/api/v1/people' && req.method === 'GET') {
        const q = u.searchParams.get('q') ?? '';
        const all = [...people.values()];
        const hits = /^\d{16}$/.test(q) ? all.filter((x) => x.nik === q)
          : all.filter((x) => !q || x.name.toLowerCase().includes(q.split(' ')[0].toLowerCase()));
        return json(res, 200, { items: hits.slice(0, 100).map(item), total: hits.length });
      }
      if (p === '/api/v1/people' && req.method === 'POST') {
        const b = JSON.parse(body);
        const id = nextId++;
        const person = { id, nik: b.nik, name: b.name, history: [] };
        put(person, { village: b.village_code, rw: b.rw, alive: true }, now());
        people.set(id, person);
        return json(res, 201, item(person));
      }
      const m = p.match(/^\/api\/v1\/people\/(\d+)$/);
      if (m) {
        const person = people.get(Number(m[1]));
        if (!person) return json(res, 404, { error: { code: 'not_found' } });
        if (req.method === 'PATCH') {
          const b = JSON.parse(body);
          const s = person.history.at(-1);
          put(person, { village: s.village, rw: b.rw ?? s.rw, alive: b.status ? b.status !== 'MATI' : s.alive }, now());
        }
        return json(res, 200, item(person));
      }
      if (p === '/api/v1/coverage') {
        const region = u.searchParams.get('region');
        const t = feedDelayMs === Infinity ? 0 : now() - feedDelayMs;
        const counts = new Map();
        for (const x of people.values()) {
          const s = stateAt(x, t);
          if (!s || !s.alive || !s.village.startsWith(region)) continue;
          counts.set(s.village, (counts.get(s.village) ?? 0) + 1);
          const rw = `${s.village}.RW${String(s.rw).padStart(2, '0')}`;
          counts.set(rw, (counts.get(rw) ?? 0) + 1);
        }
        const children = [...counts].filter(([k]) => k !== region && k.startsWith(region))
          .filter(([k]) => (region.length === 10 ? k.includes('.RW') : !k.includes('.RW')))
          .map(([k, n]) => ({ region: k, residents: n }));
        return json(res, 200, { region, residents: counts.get(region) ?? 0, children });
      }
      json(res, 404, { error: { code: 'not_found' } });
    });
  });
}

async function runProbe(feedDelayMs) {
  const server = fakeApi(feedDelayMs);
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mixed-selftest-')), 'r.json');
  const script = new URL('./mixed.mjs', import.meta.url).pathname;
  await new Promise((resolve, reject) => execFile(process.execPath, [script,
    '--url', `http://127.0.0.1:${server.address().port}`, '--cookie', 'sid=x', '--duration', '8',
    '--clients', '2', '--probe-timeout', '1', '--sample-pages', '1', '--out', out],
  (err, _stdout, stderr) => (err ? reject(new Error(stderr)) : resolve())));
  server.close();
  return JSON.parse(fs.readFileSync(out, 'utf8'));
}

const live = (await runProbe(300)).change_feed;
assert.ok(live.attempts >= 5, `probe made ${live.attempts} writes`);
assert.ok(live.writes_by_kind.move >= 1 && live.writes_by_kind.death >= 1, JSON.stringify(live.writes_by_kind));
assert.equal(live.not_live.coverage, 0, JSON.stringify(live));
assert.equal(live.not_live.search, 0);
assert.ok(live.coverage.p50_ms >= 300 && live.coverage.max_ms < 1000, JSON.stringify(live.coverage));
assert.ok(live.search.max_ms < 300, JSON.stringify(live.search));

const stuck = (await runProbe(Infinity)).change_feed;
assert.equal(stuck.not_live.coverage, stuck.attempts, JSON.stringify(stuck));
assert.equal(stuck.coverage.shown, 0);
assert.equal(stuck.not_live.search, 0);
console.log(`ok: live feed ${live.attempts} writes, coverage p50 ${live.coverage.p50_ms} ms; ` +
  `stuck table ${stuck.attempts} writes all not live`);
