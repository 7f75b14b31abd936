// Scope: a kader (posyandu RWs) and a puskesmas user (its wilayah kerja) see the people of their
// area and nobody else. Outside their area the API answers 404 (not 403, so existence does not
// leak) and the person page says "not found". Each case has a positive control, so a server that
// hid everyone would fail too.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { apiFrom, login, openBrowser, startServer } from "./harness.mjs";

let srv;
let adminBrowser;

before(async () => {
  srv = await startServer({ city: "33.71" });
  adminBrowser = await openBrowser();
  await login(adminBrowser.page, srv.url, srv.users.dinkes_admin);
}, { timeout: 600_000 });

after(async () => {
  await adminBrowser?.close();
  if (!srv) return;
  const st = await srv.stop();
  assert.equal(st.code, 0, `siklus serve should exit 0 on SIGTERM, got ${JSON.stringify(st)}`);
});

const admin = (method, path) => apiFrom(adminBrowser.page, method, path);
const digits = (code) => String(code).replace(/\./g, "");

// All kelurahan codes of the city, as the admin sees them.
async function cityVillages() {
  const city = await admin("GET", "/regions/me");
  assert.equal(city.status, 200);
  const out = [];
  for (const kec of city.body.children) {
    const r = await admin("GET", `/regions/${kec.code}`);
    assert.equal(r.status, 200);
    for (const v of r.body.children) out.push(digits(v.code));
  }
  assert.equal(out.length, 17, "Kota Magelang has 17 kelurahan");
  return out;
}

// First living person in a region, as the admin.
async function someoneIn(region) {
  const r = await admin("GET", `/people?region=${region}&page_size=5`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.ok(r.body.items.length > 0, `someone lives in ${region}`);
  const p = r.body.items[0];
  const d = await admin("GET", `/people/${p.id}`);
  return d.body;
}

// Logs in as `user`, checks the person inside is visible and the one outside is not found
// (API 404, page "Tidak ditemukan", also after switching to English "Not found"), and that an
// exact NIK search for the outsider finds nothing.
async function checkScope(user, inside, outside, { masked }) {
  const b = await openBrowser();
  try {
    const { page } = b;
    await login(page, srv.url, user);

    // Positive control: the person in the user's area opens.
    await page.goto(srv.url + `/people/${inside.id}`);
    await page.getByRole("heading", { level: 1, name: inside.name }).waitFor();
    const nikShown = (await page.getByTestId("nik").textContent()).replace(/^NIK/, "").trim();
    if (masked) {
      assert.match(nikShown, /\*/, "NIK masked for this role");
      assert.notEqual(nikShown, inside.nik);
    } else {
      assert.ok(nikShown.includes(inside.nik), "NIK shown in full for this role");
    }

    // Outside the area: 404 from the API, "not found" on the page, no name leaked.
    const api = await apiFrom(page, "GET", `/people/${outside.id}`);
    assert.equal(api.status, 404);
    assert.equal(api.body.error.code, "not_found");
    await page.goto(srv.url + `/people/${outside.id}`);
    const nf = page.getByTestId("not-found");
    await nf.getByRole("heading", { name: "Tidak ditemukan" }).waitFor();
    assert.equal(await page.getByText(outside.name).count(), 0, "the outsider's name does not appear");
    await page.getByRole("button", { name: "Ganti bahasa ke English" }).click();
    await nf.getByRole("heading", { name: "Not found" }).waitFor();
    await page.getByRole("button", { name: "Switch language to Bahasa Indonesia" }).click();

    // Searching the outsider's exact NIK finds nobody, in the API and on the page. A role that
    // may not see NIKs (kader) may not look one up at all: it could confirm a guess (issue 7).
    const s = await apiFrom(page, "GET", `/people?q=${outside.nik}`);
    if (masked) {
      assert.equal(s.status, 403);
      assert.equal(s.body.error.field, "q");
    } else {
      assert.equal(s.status, 200);
      assert.equal(s.body.total, 0);
      await page.goto(srv.url + `/people?q=${outside.nik}`);
      await page.getByTestId("result-count").getByText("Tidak ada penduduk yang cocok.").waitFor();
    }

    // The overview only shows the user's own area, not the city.
    await page.goto(srv.url + "/");
    await page.getByRole("heading", { level: 1 }).waitFor();
    const me = await apiFrom(page, "GET", "/regions/me");
    assert.equal(me.status, 200);
    assert.ok(me.body.residents < 127394, `scope root has fewer residents than the city (${me.body.residents})`);
  } finally {
    await b.close();
  }
}

test("kader sees people of their posyandu's RW, with masked NIK, and nobody outside", async () => {
  const kader = srv.users.kader;
  assert.ok(kader, "the demo prints a kader login");
  const b = await openBrowser();
  let scope;
  try {
    await login(b.page, srv.url, kader);
    const me = await apiFrom(b.page, "GET", "/me");
    scope = me.body.scope;
    const mine = await apiFrom(b.page, "GET", "/people?page_size=100");
    assert.equal(mine.status, 200);
    assert.ok(mine.body.total > 0, "a kader has people in their RW");
    assert.ok(mine.body.total < 5000, `a kader's RW is small (${mine.body.total})`);
    for (const p of mine.body.items) assert.match(p.nik, /\*/, "list NIK masked for kader");
  } finally {
    await b.close();
  }
  const post = await admin("GET", `/facilities/${scope}`);
  assert.equal(post.status, 200, "the admin sees the kader's posyandu");
  assert.equal(post.body.type, "posyandu");
  const village = digits(post.body.village_code);

  // Inside: same kelurahan and RW as the posyandu. Outside: another kecamatan entirely.
  const inVillage = await admin("GET", `/people?region=${village}&page_size=100`);
  const insider = inVillage.body.items.find((p) => Number(p.rw) === Number(post.body.rw));
  assert.ok(insider, "someone lives in the posyandu's RW");
  const inside = (await admin("GET", `/people/${insider.id}`)).body;
  const villages = await cityVillages();
  const other = villages.find((v) => v.slice(0, 6) !== village.slice(0, 6));
  const outside = await someoneIn(other);
  await checkScope(kader, inside, outside, { masked: true });
});

test("puskesmas user sees its wilayah kerja and nobody outside it", async () => {
  const pkm = srv.users.puskesmas;
  assert.ok(pkm, "the demo prints a puskesmas login");
  const b = await openBrowser();
  let scope;
  try {
    await login(b.page, srv.url, pkm);
    scope = (await apiFrom(b.page, "GET", "/me")).body.scope;
  } finally {
    await b.close();
  }
  const fac = await admin("GET", `/facilities/${scope}`);
  assert.equal(fac.status, 200);
  assert.equal(fac.body.type, "puskesmas");
  const catchment = (fac.body.catchment ?? []).map((c) => digits(c.code ?? c));
  assert.ok(catchment.length > 0, "the puskesmas has a wilayah kerja");
  const villages = await cityVillages();
  const outsideVillage = villages.find((v) => !catchment.includes(v));
  assert.ok(outsideVillage, "some kelurahan lies outside this puskesmas's wilayah kerja");
  const inside = await someoneIn(catchment[0]);
  const outside = await someoneIn(outsideVillage);
  await checkScope(pkm, inside, outside, { masked: false });
});
