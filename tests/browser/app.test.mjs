// The web app against the real server on the Kota Magelang demo, as the Dinkes admin: log in,
// overview (pyramid, kecamatan drill-down, facility map without tiles), people search by name and
// NIK, person page with household, language switch, add-resident form, phone layout, logout.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { apiFrom, foreignRequests, kShotDir, login, noHorizontalScroll, openBrowser, ROOT, startServer } from "./harness.mjs";

let srv;
let admin;

before(async () => {
  srv = await startServer({ city: "33.71" });
  admin = srv.users.dinkes_admin;
}, { timeout: 600_000 });

after(async () => {
  if (!srv) return;
  const st = await srv.stop();
  assert.equal(st.code, 0, `siklus serve should exit 0 on SIGTERM, got ${JSON.stringify(st)}; stderr:\n${srv.stderr().slice(-3000)}`);
});

// Runs `fn` with a fresh browser; closes it and checks no page error and no foreign request.
async function withBrowser(opts, fn) {
  const b = await openBrowser(opts);
  try {
    await fn(b);
    assert.deepEqual(b.errors, [], "no uncaught errors in the page");
    assert.deepEqual(foreignRequests(b.requests, srv.url), [], "no request leaves the siklus server (no CDN, tiles or fonts)");
  } finally {
    await b.close();
  }
}

// A living person whose household has at least two members and whose name is rare enough that a
// search for it lists them on the first page; found through the API as the admin.
async function personWithHousehold(page) {
  const list = await apiFrom(page, "GET", "/people?page=1&page_size=60");
  assert.equal(list.status, 200, JSON.stringify(list.body));
  assert.ok(list.body.items.length > 0, "an empty query lists people in scope");
  for (const p of list.body.items) {
    if (p.status !== "HIDUP") continue;
    const d = await apiFrom(page, "GET", `/people/${p.id}`);
    assert.equal(d.status, 200);
    const members = Array.isArray(d.body.household) ? d.body.household : d.body.household?.members ?? [];
    if (members.length < 2) continue;
    const byName = await apiFrom(page, "GET", `/people?q=${encodeURIComponent(p.name)}&page_size=20`);
    if (byName.body.items.some((x) => x.id === p.id)) return { summary: p, detail: d.body, members };
  }
  throw new Error("no living person with a household of two or more, findable by name, in the first 60");
}

test("login: a wrong password is refused with a message, the right one opens the city overview", async () => {
  await withBrowser({}, async ({ page }) => {
    await page.goto(srv.url + "/");
    await page.getByRole("heading", { name: "Masuk" }).waitFor();
    await page.getByLabel("Nama pengguna").fill(admin.username);
    await page.getByLabel("Kata sandi").fill(admin.password + "x");
    await page.getByRole("button", { name: "Masuk" }).click();
    const err = page.getByTestId("login-error");
    await err.waitFor();
    assert.match(await err.textContent(), /salah/);
    assert.equal(await page.getByTestId("who").count(), 0, "still logged out");

    await page.getByLabel("Kata sandi").fill(admin.password);
    await page.getByRole("button", { name: "Masuk" }).click();
    await page.getByRole("heading", { level: 1, name: "Kota Magelang" }).waitFor();
    const me = await apiFrom(page, "GET", "/me");
    assert.equal(me.status, 200);
    assert.equal(me.body.role, "dinkes_admin");
    // The session cookie is HttpOnly: page scripts cannot read it.
    assert.equal(await page.evaluate(() => document.cookie.includes("sid=")), false);
    await page.screenshot({ path: join(kShotDir, "siklus-desktop-overview.png"), fullPage: true });
  });
});

test("overview: residents, pyramid, kecamatan drill-down to kelurahan, facility table and map without tiles", async () => {
  await withBrowser({}, async ({ page }) => {
    await login(page, srv.url, admin);
    await page.getByRole("heading", { level: 1, name: "Kota Magelang" }).waitFor();
    const stats = await apiFrom(page, "GET", "/stats/population?region=3371");
    assert.equal(stats.status, 200);
    assert.equal(stats.body.residents, 127394, "the Magelang preset has exactly 127,394 residents");

    // Headline in Indonesian number format.
    await page.getByTestId("stat-residents").getByText("127.394").waitFor();

    // Pyramid: the chart is drawn (SVG bars) and its accessible table adds up to the residents.
    const pyramid = page.getByTestId("pyramid");
    await pyramid.locator("svg").waitFor();
    const bands = await pyramid.locator("table tbody tr").count();
    assert.equal(bands, 16, "16 five-year bands, 0-4 … 75+");
    const sum = await pyramid.locator("table tbody td").evaluateAll((tds) => tds.reduce((a, td) => a + Number(td.textContent), 0));
    assert.equal(sum, 127394, "pyramid bands add up to the residents");
    const bars = await pyramid.locator("svg path").evaluateAll(
      (ps) => ps.filter((p) => (p.getAttribute("fill") || "").toLowerCase() === "#2563a8" || (p.getAttribute("fill") || "").toLowerCase() === "#c2410c").length,
    );
    assert.ok(bars >= 30, `pyramid draws male and female bars (got ${bars} bar paths)`);

    // Residents per kecamatan: Magelang's 3, summing to the city.
    const kids = page.getByTestId("children");
    await kids.waitFor();
    const rows = await kids.locator("tbody tr").count();
    assert.equal(rows, 3);
    assert.match(await kids.textContent(), /Magelang Selatan/);

    // Drill down into the first kecamatan: its kelurahan.
    const first = kids.locator("tbody tr th a").first();
    const kecName = (await first.textContent()).trim();
    await first.click();
    await page.getByRole("heading", { level: 1, name: kecName }).waitFor();
    await page.waitForURL(/\?region=/);
    const villages = page.getByTestId("children");
    await villages.waitFor();
    assert.ok((await villages.locator("tbody tr").count()) >= 3, "a Magelang kecamatan has several kelurahan");
    await page.getByRole("link", { name: /Naik ke Kota Magelang/ }).click();
    await page.getByRole("heading", { level: 1, name: "Kota Magelang" }).waitFor();

    // Facilities: table and one marker per facility with coordinates, on a plain background.
    const facs = await apiFrom(page, "GET", "/facilities?region=3371");
    assert.equal(facs.status, 200);
    const placed = facs.body.items.filter((f) => typeof f.lat === "number" && typeof f.lon === "number").length;
    assert.ok(placed > 20, `the demo places its facilities on the map (got ${placed})`);
    assert.ok(facs.body.items.some((f) => f.name === "Puskesmas Jurangombo"));
    const map = page.getByTestId("facility-map");
    await map.locator("path.leaflet-interactive").first().waitFor();
    assert.equal(await map.locator("path.leaflet-interactive").count(), placed);
    assert.equal(await map.locator("img.leaflet-tile").count(), 0, "no tile layer by default");
    await page.getByTestId("facility-count").getByText(new RegExp(`^${facs.body.items.length} fasilitas$`)).waitFor();
    await page.getByTestId("facilities").getByText("Puskesmas Jurangombo", { exact: true }).waitFor();

    // Filter to hospitals: RSUD Tidar is there, and the map follows the filter.
    await page.getByLabel("Jenis fasilitas").selectOption("hospital");
    await page.getByTestId("facilities").getByText("RSUD Tidar").waitFor();
    const hospitals = facs.body.items.filter((f) => f.type === "hospital" && typeof f.lat === "number").length;
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="facility-map"] path.leaflet-interactive').length === n, hospitals);
  });
});

test("people search: by name (also with a typo) and by exact NIK, then the person page with household", async () => {
  await withBrowser({}, async ({ page }) => {
    await login(page, srv.url, admin);
    const { summary, detail, members } = await personWithHousehold(page);

    // By name.
    await page.getByRole("link", { name: "Cari penduduk" }).click();
    const box = page.getByLabel("NIK atau nama");
    await box.fill(summary.name);
    await page.getByRole("button", { name: "Cari" }).click();
    await page.getByTestId("results").waitFor();
    const href = `/people/${summary.id}`;
    assert.equal(await page.locator(`[data-testid="results"] a[href="${href}"]`).count(), 1, `name search lists ${summary.name}`);

    // A one-letter typo in the last word of the name still finds the person (among the first
    // 100 by the API); the page shows the same count as the API.
    const words = summary.name.split(" ");
    const last = words[words.length - 1];
    if (last.length >= 5) {
      const i = Math.floor(last.length / 2);
      words[words.length - 1] = last.slice(0, i) + (last[i].toLowerCase() === "a" ? "e" : "a") + last.slice(i + 1);
      const typo = words.join(" ");
      const api = await apiFrom(page, "GET", `/people?q=${encodeURIComponent(typo)}&page_size=100`);
      assert.ok(api.body.items.some((x) => x.id === summary.id), `typo "${typo}" finds ${summary.name}`);
      await box.fill(typo);
      await page.getByRole("button", { name: "Cari" }).click();
      await page.waitForURL((u) => u.searchParams.get("q") === typo);
      await page.getByTestId("result-count").getByText(`${api.body.total.toLocaleString("id-ID")} hasil`).waitFor();
    }

    // By the first 12 digits of the NIK (issue 14): a number search, not a name search over the
    // whole city; the person is among the matches and the page says they were found by NIK.
    const partial = detail.nik.slice(0, 12);
    const byPrefix = await apiFrom(page, "GET", `/people?q=${partial}&page_size=100`);
    assert.ok(byPrefix.body.found_by.nik >= 1 && byPrefix.body.total < 1000, `prefix ${partial}: ${JSON.stringify(byPrefix.body.found_by)}`);
    assert.ok(byPrefix.body.items.some((x) => x.id === summary.id), "the prefix finds the person");
    await box.fill(partial);
    await page.getByRole("button", { name: "Cari" }).click();
    await page.waitForURL((u) => u.searchParams.get("q") === partial);
    await page.getByTestId("result-count").getByText(`${byPrefix.body.total.toLocaleString("id-ID")} hasil`).waitFor();
    await page.getByTestId("found-by").getByText(/ditemukan lewat NIK/).waitFor();

    // By NIK: exactly one result, NIK shown in full for the admin.
    await box.fill(detail.nik);
    await page.getByRole("button", { name: "Cari" }).click();
    await page.waitForURL((u) => u.searchParams.get("q") === detail.nik);
    await page.getByTestId("result-count").getByText("1 hasil").waitFor();
    // The count can be the prefix search's while the new answer loads (a prefix may match one
    // person too): wait for the table of the answer rather than read it at once.
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="results"] tbody tr').length === 1);
    await page.locator('[data-testid="results"]').getByText(detail.nik).waitFor();
    await page.locator(`[data-testid="results"] a[href="${href}"]`).click();

    // Person page.
    await page.getByRole("heading", { level: 1, name: summary.name }).waitFor();
    await page.getByTestId("nik").getByText(detail.nik).waitFor();
    const addr = await page.getByTestId("address").textContent();
    assert.match(addr, /Kota Magelang/);
    assert.match(addr, /Magelang (Selatan|Utara|Tengah)/, "kecamatan name");
    assert.ok(addr.includes(summary.village_name), "kelurahan name");
    const hh = page.getByTestId("household");
    assert.equal(await hh.locator("li").count(), members.length);
    await page.getByTestId("person-facilities").getByText(/^Puskesmas /).first().waitFor();

    // Follow a household link to another member.
    const other = members.find((m) => String(m.id) !== String(summary.id));
    await hh.locator(`a[href="/people/${other.id}"]`).click();
    await page.getByRole("heading", { level: 1, name: other.name }).waitFor();
    assert.equal(await page.getByTestId("household").locator("li").count(), members.length, "same household from the other member");

    // Browser back returns to the first person.
    await page.goBack();
    await page.getByRole("heading", { level: 1, name: summary.name }).waitFor();
  });
});

test("language switch changes the labels, sets <html lang> and is remembered across reloads", async () => {
  await withBrowser({}, async ({ page }) => {
    await login(page, srv.url, admin);
    const nav = page.getByRole("navigation", { name: "Menu utama" });
    await nav.getByRole("link", { name: "Cari penduduk" }).waitFor();
    await page.getByRole("button", { name: "Ganti bahasa ke English" }).click();
    const navEn = page.getByRole("navigation", { name: "Main menu" });
    await navEn.getByRole("link", { name: "Find residents" }).waitFor();
    assert.equal(await navEn.getByRole("link", { name: "Cari penduduk" }).count(), 0);
    assert.equal(await page.evaluate(() => document.documentElement.lang), "en");
    await page.getByRole("heading", { name: "Population pyramid" }).waitFor();
    await page.getByTestId("stat-residents").getByText("127,394").waitFor();

    await page.reload();
    await page.getByRole("navigation", { name: "Main menu" }).getByRole("link", { name: "Overview" }).waitFor();
    await page.getByRole("button", { name: "Log out" }).waitFor();

    // The API answers in the chosen language too (errors are translated by code and field).
    await page.goto(srv.url + "/people/999999999");
    await page.getByTestId("not-found").getByRole("heading", { name: "Not found" }).waitFor();

    await page.getByRole("button", { name: "Switch language to Bahasa Indonesia" }).click();
    await page.getByTestId("not-found").getByRole("heading", { name: "Tidak ditemukan" }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), "id");
  });
});

test("add resident: the API's 422 for a bad NIK is shown on the NIK field; a good NIK saves and opens the person", async () => {
  await withBrowser({}, async ({ page }) => {
    await login(page, srv.url, admin);
    await page.getByRole("link", { name: "Tambah penduduk" }).click();
    await page.getByRole("heading", { level: 1, name: "Tambah penduduk" }).waitFor();

    // Required fields are checked before anything is sent.
    await page.getByRole("button", { name: "Simpan penduduk" }).click();
    await page.getByTestId("error-nik").getByText("Wajib diisi.").waitFor();

    // Female born 2001-07-15: a valid NIK has day 55; 15 (the male form) must be refused by the server.
    const serial = String(9000 + Math.floor(Math.random() * 999)).padStart(4, "0");
    const badNik = `337101150701${serial}`;
    const goodNik = `337101550701${serial}`;
    const name = `Uji Peramban ${serial}`;
    await page.getByRole("textbox", { name: "NIK", exact: true }).fill(badNik);
    await page.getByRole("textbox", { name: "Nama lengkap", exact: true }).fill(name);
    await page.getByLabel("Perempuan").check();
    await page.locator("#f-birth_date").fill("2001-07-15");
    const villageSelect = page.getByRole("combobox", { name: "Kelurahan/desa" });
    await page.waitForFunction(() => document.querySelectorAll("#f-village_code option").length > 1);
    const firstVillage = await villageSelect.locator("option").nth(1).getAttribute("value");
    await villageSelect.selectOption(firstVillage);
    await page.getByRole("textbox", { name: "RW", exact: true }).fill("2");
    await page.getByRole("textbox", { name: "RT", exact: true }).fill("3");

    const [resp] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith("/api/v1/people") && r.request().method() === "POST"),
      page.getByRole("button", { name: "Simpan penduduk" }).click(),
    ]);
    assert.equal(resp.status(), 422);
    const body = await resp.json();
    assert.equal(body.error.field, "nik");
    const nikError = page.getByTestId("error-nik");
    await nikError.getByText(/NIK tidak valid\./).waitFor();
    assert.equal(await page.getByRole("textbox", { name: "NIK", exact: true }).getAttribute("aria-invalid"), "true");
    assert.equal(await page.getByRole("alert").first().isVisible(), true);
    assert.equal(await page.evaluate(() => document.activeElement?.id), "f-nik", "focus moves to the wrong field");

    await page.getByRole("textbox", { name: "NIK", exact: true }).fill(goodNik);
    await page.getByRole("button", { name: "Simpan penduduk" }).click();
    await page.getByRole("heading", { level: 1, name }).waitFor();
    await page.getByTestId("nik").getByText(goodNik).waitFor();

    // Searchable right away.
    const found = await apiFrom(page, "GET", `/people?q=${goodNik}`);
    assert.equal(found.body.total, 1);

    // New in the register, so in no BPJS extract: the page says so and points to the worklist.
    await page.getByTestId("person-jkn").getByText("Tidak terdaftar sebagai peserta JKN").waitFor();
    // Her care on her page: nothing recorded yet, and as a woman of 25 her yearly PTM screening is due.
    const care = page.getByTestId("person-care");
    await care.getByText("Belum ada layanan yang tercatat.").waitFor();
    await care.getByTestId("care-due").getByText("Skrining PTM").waitFor();

    // Kept from its page: a bad phone number is refused on its field, then a death is recorded
    // with its date and the page says so.
    await page.getByRole("button", { name: "Perbarui data" }).click();
    await page.getByLabel("Telepon").fill("telepon?");
    await page.getByRole("button", { name: "Simpan", exact: true }).click();
    await page.locator("#e-phone-error").waitFor();
    assert.equal(await page.getByLabel("Telepon").getAttribute("aria-invalid"), "true");
    await page.getByLabel("Telepon").fill("0812 3456 7890");
    await page.getByLabel("Status").selectOption("MATI");
    await page.getByLabel("Tanggal meninggal").fill("2026-11-30");
    await page.getByRole("button", { name: "Simpan", exact: true }).click();
    await page.getByText("Perubahan tersimpan.").waitFor();
    await page.locator(".page-head .badge").getByText("Meninggal").waitFor();
    const after = await apiFrom(page, "GET", `/people/${found.body.items[0].id}`);
    assert.equal(after.body.status, "MATI");
    assert.equal(after.body.status_date, "2026-11-30");
    assert.equal(after.body.phone, "0812 3456 7890");
  });
});

test("phone (390×844): every page fits the width, no horizontal scroll", async () => {
  await withBrowser({ viewport: { width: 390, height: 844 } }, async ({ page }) => {
    await page.goto(srv.url + "/");
    await page.getByLabel("Nama pengguna").waitFor();
    assert.ok(await noHorizontalScroll(page), "login page");
    await page.screenshot({ path: join(kShotDir, "siklus-phone-login.png") });
    await login(page, srv.url, admin);
    await page.getByTestId("pyramid").locator("svg").waitFor();
    await page.getByTestId("facility-map").locator("path.leaflet-interactive").first().waitFor();
    assert.ok(await noHorizontalScroll(page), "overview");
    await page.screenshot({ path: join(kShotDir, "siklus-phone-overview.png"), fullPage: true });

    const { summary } = await personWithHousehold(page);
    await page.goto(srv.url + `/people?q=${encodeURIComponent(summary.name)}`);
    await page.getByTestId("results").waitFor();
    assert.ok(await noHorizontalScroll(page), "search results");
    await page.screenshot({ path: join(kShotDir, "siklus-phone-search.png"), fullPage: true });

    await page.goto(srv.url + `/people/${summary.id}`);
    await page.getByTestId("household").waitFor();
    assert.ok(await noHorizontalScroll(page), "person page");
    await page.screenshot({ path: join(kShotDir, "siklus-phone-person.png"), fullPage: true });

    await page.goto(srv.url + "/people/new");
    await page.getByRole("textbox", { name: "NIK", exact: true }).waitFor();
    assert.ok(await noHorizontalScroll(page), "add form");
  });
});

// axe-core's WCAG 2.1 A and AA rules on the page as it stands, plus our own: every form control
// has a label, every page has one h1, a main landmark and <html lang>. Each problem is a line
// naming the rule and the first offending elements.
const kAxe = readFileSync(join(ROOT, "node_modules/axe-core/axe.min.js"), "utf8");
async function a11yProblems(page) {
  // Evaluated through the debugger protocol, which the page's CSP (script-src 'self') allows.
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(kAxe);
  const axe = await page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] }, resultTypes: ["violations"] });
    const problems = r.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
    if (r.passes.length < 10) problems.push(`axe passed only ${r.passes.length} rules: did it run?`);
    return problems;
  });
  return axe.concat(await ownA11yChecks(page));
}

async function ownA11yChecks(page) {
  return page.evaluate(() => {
    const problems = [];
    for (const el of document.querySelectorAll("input:not([type=hidden]), select, textarea")) {
      const named = (el.labels && el.labels.length > 0) || el.getAttribute("aria-label") || el.getAttribute("aria-labelledby");
      if (!named) problems.push(`unlabelled ${el.tagName.toLowerCase()}#${el.id || "?"}`);
    }
    for (const el of document.querySelectorAll("button, a[href]")) {
      const name = (el.getAttribute("aria-label") || el.textContent || "").trim();
      if (!name) problems.push(`nameless ${el.tagName.toLowerCase()} ${el.outerHTML.slice(0, 80)}`);
    }
    const h1 = document.querySelectorAll("h1").length;
    if (h1 !== 1) problems.push(`${h1} h1 elements`);
    if (document.querySelectorAll("main").length !== 1) problems.push("no single <main>");
    if (!document.documentElement.lang) problems.push("no <html lang>");
    return problems;
  });
}

test("accessibility on every page, in both languages, at desktop and phone size: axe-core finds no WCAG 2.1 AA violation", async () => {
  for (const [lang, viewport] of [
    ["id", { width: 1280, height: 900 }],
    ["en", { width: 390, height: 844 }],
    ["id", { width: 390, height: 844 }],
    ["en", { width: 1280, height: 900 }],
  ]) {
    await withBrowser({ viewport }, async ({ page }) => {
      const where = `${lang} ${viewport.width}px`;
      await page.goto(srv.url + "/");
      await page.evaluate((l) => localStorage.setItem("siklus.lang", l), lang);
      await page.reload();
      await page.locator("#username").waitFor();
      assert.deepEqual(await a11yProblems(page), [], `login ${where}`);
      await login(page, srv.url, admin);
      await page.getByTestId("facility-map").locator("path.leaflet-interactive").first().waitFor();
      // Leaflet's own zoom buttons are links named by their title; ours must all be named.
      assert.deepEqual(await a11yProblems(page), [], `overview ${where}`);
      assert.equal(await page.getByRole("navigation", { name: lang === "id" ? "Menu utama" : "Main menu" }).count(), 1);
      const { summary } = await personWithHousehold(page);
      const due = await apiFrom(page, "GET", "/care/due");
      const child = due.body.items.find((i) => i.service === "anthropometry");
      for (const [path, ready] of [
        [`/people?q=${encodeURIComponent(summary.name)}`, () => page.getByTestId("results").waitFor()],
        [`/people/${summary.id}`, () => page.getByTestId("household").waitFor()],
        [`/people/${child.person_id}`, () => page.getByTestId("growth-chart").locator("svg").waitFor()],
        ["/people/new", () => page.waitForFunction(() => document.querySelectorAll("#f-village_code option").length > 1)],
        ["/coverage", () => page.locator("h1").waitFor()],
        ["/coverage/review", () => page.locator("h1").waitFor()],
        ["/due", () => page.getByTestId("due-list").waitFor()],
        [`/due/record/${child.person_id}?due=anthropometry:weighing`, () => page.getByTestId("record-form").waitFor()],
        ["/users", () => page.locator("table").first().waitFor()],
        ["/audit", () => page.locator("table").first().waitFor()],
        ["/settings", () => page.locator("form").first().waitFor()],
      ]) {
        await page.goto(srv.url + path);
        await ready();
        await page.waitForLoadState("networkidle");
        assert.deepEqual(await a11yProblems(page), [], `${path} ${where}`);
        if (viewport.width < 500) assert.ok(await noHorizontalScroll(page), `${path} fits a phone (${where})`);
      }
    });
  }
});

test("settings: a tile URL adds a tile layer under the markers (default: none)", async () => {
  await withBrowser({}, async ({ page }) => {
    await login(page, srv.url, admin);
    await page.getByTestId("facility-map").locator("path.leaflet-interactive").first().waitFor();
    assert.equal(await page.locator("img.leaflet-tile").count(), 0);
    // Tiles from the siklus server itself (they 404, which is fine: the request is what counts).
    const tiles = `${srv.url}/test-tiles/{z}/{x}/{y}.png`;
    await page.getByRole("link", { name: "Pengaturan" }).click();
    await page.getByLabel("Alamat ubin peta (tile URL)").fill(tiles);
    await page.getByLabel("Atribusi peta").fill("Peta uji");
    await page.getByRole("button", { name: "Simpan" }).click();
    await page.getByText("Tersimpan.").waitFor();
    await page.getByRole("link", { name: "Ringkasan" }).click();
    await page.locator("img.leaflet-tile").first().waitFor({ state: "attached" });
    const src = await page.locator("img.leaflet-tile").first().getAttribute("src");
    assert.ok(src.startsWith(`${srv.url}/test-tiles/`), src);
    await page.getByText("Peta uji").waitFor();
    assert.ok(await page.getByTestId("facility-map").locator("path.leaflet-interactive").count() > 0);
  });
});

test("users (admin): a weak password is refused on its field; the new kader logs in, changes her password, sees no map setting, and is logged out when disabled", async () => {
  await withBrowser({}, async ({ page }) => {
    await login(page, srv.url, admin);
    await page.getByRole("link", { name: "Pengguna" }).click();
    const list = page.getByTestId("users-list");
    await list.waitFor();
    assert.ok((await list.locator("tbody tr").count()) >= 4, "the demo's accounts are listed");
    assert.deepEqual(await a11yProblems(page), [], "users page");

    const form = page.getByTestId("new-user");
    await form.getByLabel("Nama pengguna").fill("kader.uji");
    await form.getByLabel("Nama tampilan").fill("Kader Uji");
    await form.getByLabel("Peran").selectOption("kader");
    const place = form.getByLabel("Tempat tugas");
    await page.waitForFunction(() => document.querySelectorAll("#nu-scope option").length > 1);
    const posyandu = await place.locator("option").nth(1).getAttribute("value");
    await place.selectOption(posyandu);
    await form.getByLabel("Kata sandi awal").fill("password123");
    await form.getByRole("button", { name: "Buat akun" }).click();
    // The policy's own Indonesian words, on the password field, no raw field code.
    const err = form.locator("#nu-password-error");
    await err.waitFor();
    assert.match(await err.textContent(), /paling umum/);
    assert.doesNotMatch(await err.textContent(), /\(password\)/);

    await form.getByLabel("Kata sandi awal").fill("kuda-lari-di-sawah-uji");
    await form.getByRole("button", { name: "Buat akun" }).click();
    await page.getByTestId("users-notice").getByText("Akun kader.uji (Kader posyandu) dibuat.").waitFor();
    await page.getByTestId("user-kader.uji").waitFor();

    const kader = await openBrowser();
    try {
      await login(kader.page, srv.url, { username: "kader.uji", password: "kuda-lari-di-sawah-uji" });
      await kader.page.getByRole("link", { name: "Pengaturan" }).click();
      const pw = kader.page.getByTestId("password-form");
      await pw.waitFor();
      assert.equal(await kader.page.getByLabel("Alamat ubin peta (tile URL)").count(), 0, "no tile setting for a kader");
      assert.equal(await kader.page.getByRole("link", { name: "Pengguna" }).count(), 0, "no users page in a kader's menu");
      await pw.getByLabel("Kata sandi saat ini").fill("bukan-sandi-saya");
      await pw.getByLabel("Kata sandi baru").fill("kerbau-membajak-sawah-uji");
      await pw.getByRole("button", { name: "Ganti kata sandi" }).click();
      await kader.page.locator("#pw-current_password-error").getByText("Kata sandi saat ini salah").waitFor();
      await pw.getByLabel("Kata sandi saat ini").fill("kuda-lari-di-sawah-uji");
      await pw.getByRole("button", { name: "Ganti kata sandi" }).click();
      await kader.page.getByText("Kata sandi diganti.", { exact: false }).waitFor();
      assert.equal((await apiFrom(kader.page, "GET", "/me")).status, 200, "her own session stays");

      // Disabled by the admin: her next request is refused and the app shows the login page.
      await page.getByTestId("user-kader.uji").getByRole("button", { name: "Nonaktifkan" }).click();
      await page.getByTestId("users-notice").getByText("Akun kader.uji dinonaktifkan; sesinya berakhir.").waitFor();
      assert.equal((await apiFrom(kader.page, "GET", "/me")).status, 401);
      await kader.page.getByRole("link", { name: "Ringkasan" }).click();
      await kader.page.getByRole("heading", { name: "Masuk" }).waitFor();
      assert.deepEqual(kader.errors, [], "no uncaught errors in the kader's page");
    } finally {
      await kader.close();
    }
  });
});

test("maps and coverage: keys beside both maps, markers out of the Tab order, segments by name, drill-down from the city to an RW", async () => {
  await withBrowser({}, async ({ page }) => {
    await login(page, srv.url, admin);
    const map = page.getByTestId("facility-map");
    await map.locator("path.leaflet-interactive").first().waitFor();
    assert.equal(await map.locator('.leaflet-interactive:not([tabindex="-1"])').count(), 0, "no facility marker takes a Tab stop");
    const key = page.getByTestId("facility-legend");
    await key.getByText("Puskesmas", { exact: true }).waitFor();
    await key.getByText("Posyandu", { exact: true }).waitFor();

    await page.getByRole("link", { name: "Cakupan JKN" }).click();
    const cov = page.getByTestId("coverage");
    await cov.waitFor();
    await page.getByTestId("coverage-map").locator("path.leaflet-interactive").first().waitFor();
    assert.equal(await page.getByTestId("coverage-map").locator('.leaflet-interactive:not([tabindex="-1"])').count(), 0);
    await page.getByTestId("coverage-legend").getByText("≥ 98 %").waitFor();
    await page.getByText("PBI APBN (dibayar pemerintah pusat)").waitFor();
    assert.equal(await page.getByText("Rasio naif").count(), 0, "no jargon");
    // Every figure's colour reads against white (WCAG AA, 4.5:1).
    const contrasts = await page.evaluate(() => {
      const lum = (rgb) => {
        const [r, g, b] = rgb.match(/\d+/g).slice(0, 3).map((v) => {
          const c = Number(v) / 255;
          return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
        });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
      };
      return [...document.querySelectorAll("[data-testid=coverage] td.num[style]")].map((td) => 1.05 / (lum(getComputedStyle(td).color) + 0.05));
    });
    assert.ok(contrasts.length > 0);
    assert.ok(Math.min(...contrasts) >= 4.5, `lowest contrast ${Math.min(...contrasts)}`);

    // City -> kecamatan -> kelurahan -> RW, each by a link in the table.
    for (let level = 0; level < 3; level++) {
      const link = cov.locator("tbody tr th a").first();
      const region = await link.evaluate((a) => new URL(a.href).searchParams.get("region"));
      await link.click();
      await page.waitForFunction((r) => document.querySelector("[data-testid=coverage] tbody tr")?.getAttribute("data-region") === r, region);
    }
    assert.match(page.url(), /region=\d{10}\.RW\d{2}/, "the last step opens an RW");
    assert.ok(Number((await cov.locator("tbody tr td.num").first().textContent()).replace(/\D/g, "")) > 0, "the RW has residents");
  });
});

test("due services: the kader's RW list, most overdue first, printable; the admin drills down from the city", async () => {
  await withBrowser({ viewport: { width: 390, height: 844 } }, async ({ page }) => {
    await login(page, srv.url, srv.users.kader);
    await page.getByRole("link", { name: "Jadwal layanan" }).click();
    const list = page.getByTestId("due-list");
    await list.waitFor();
    const late = await list.locator("tbody tr td.num").evaluateAll((tds) => tds.map((td) => Number(td.textContent) || 0));
    assert.ok(late.length > 0, "the demo history leaves something due in the kader's RW");
    assert.deepEqual(late, [...late].sort((a, b) => b - a), "most overdue first");
    assert.ok(await noHorizontalScroll(page), "the list fits a phone");
    assert.deepEqual(await a11yProblems(page), [], "due page");
    // The printed page is the list alone.
    await page.emulateMedia({ media: "print" });
    assert.equal(await page.locator("header.top").isVisible(), false);
    assert.equal(await list.isVisible(), true);
    await page.emulateMedia({ media: "screen" });
  });
  await withBrowser({}, async ({ page }) => {
    await login(page, srv.url, admin);
    await page.goto(srv.url + "/due");
    await page.getByTestId("due-count").waitFor();
    const kec = page.locator("nav.crumbs a").first();
    const name = (await kec.textContent()).trim();
    await kec.click();
    await page.getByRole("heading", { level: 1, name: `Jadwal layanan — ${name}` }).waitFor();
    await page.getByTestId("due-list").waitFor();
  });
});

test("posyandu day on a phone: a kader weighs a child while the signal is gone; the entry waits on the phone and is sent once when it returns", async () => {
  await withBrowser({ viewport: { width: 390, height: 844 } }, async ({ page, context }) => {
    await login(page, srv.url, srv.users.kader);
    await page.getByRole("link", { name: "Jadwal layanan" }).click();
    await page.getByTestId("due-list").waitFor();
    const record = page.locator("[data-testid=due-list] a.button-link").first();
    assert.ok((await record.count()) > 0, "a child of the kader's RW is due for weighing");
    const id = /\/due\/record\/(\d+)/.exec(await record.getAttribute("href"))[1];
    const child = await apiFrom(page, "GET", `/people/${id}`);
    const months = Math.max(0, Math.round((Date.now() - Date.parse(child.body.birth_date)) / (30.44 * 86400e3)));
    const weight = months < 12 ? 3.3 + 0.6 * months : 9.5 + 0.2 * (months - 12);
    const height = months < 12 ? 50 + 2.2 * months : 74 + 0.8 * (months - 12);
    const before = (await apiFrom(page, "GET", `/people/${id}/care`)).body.services.filter((s) => s.service === "anthropometry").length;
    await record.click();
    const form = page.getByTestId("record-form");
    await form.waitFor();
    assert.equal(await page.getByLabel("Berat badan (kg)").getAttribute("inputmode"), "decimal");
    await page.getByLabel("Berat badan (kg)").fill(weight.toFixed(1).replace(".", ","));
    await page.getByLabel("Panjang/tinggi badan (cm)").fill(height.toFixed(1));

    await context.setOffline(true);
    await form.getByRole("button", { name: "Simpan" }).click();
    await page.getByTestId("record-result").getByText("Tersimpan di ponsel.", { exact: false }).waitFor();
    await page.getByTestId("outbox").getByText("1 catatan menunggu dikirim").waitFor();

    await context.setOffline(false);
    await page.getByTestId("outbox").waitFor({ state: "detached", timeout: 30_000 });
    const after = (await apiFrom(page, "GET", `/people/${id}/care`)).body.services.filter((s) => s.service === "anthropometry");
    assert.equal(after.length, before + 1, "recorded once");
    assert.equal(after.filter((s) => Math.abs(s.fields.weight_kg - Number(weight.toFixed(1))) < 1e-9).length >= 1, true);

    // The new weighing is on the child's WHO growth chart, with the others, oldest first.
    await page.goto(`${srv.url}/people/${id}`);
    const chart = page.getByTestId("growth-chart");
    await chart.waitFor();
    await chart.getByText("Tabel pengukuran", { exact: false }).click();
    const rows = chart.getByTestId("growth-points").locator("tbody tr");
    await rows.first().waitFor();
    const idNum = (x) => new Intl.NumberFormat("id-ID", { maximumFractionDigits: 1 }).format(Number(x.toFixed(1)));
    assert.equal(await rows.count(), after.filter((s) => s.fields.weight_kg != null).length, "one row per weighing");
    assert.ok((await rows.last().textContent()).includes(idNum(weight)), "today's weight is the last point");
    assert.equal(await chart.locator("svg path").count() > 5, true, "the SD lines and the child's line are drawn");
    await chart.getByRole("button", { name: "Panjang/tinggi badan menurut umur" }).click();
    await chart.getByTestId("growth-points").getByText(idNum(height), { exact: false }).first().waitFor();
  });
});

test("posyandu table: a kader records an adult's blood pressure and sugar and hears the classes; a nakes ticks the immunisation due", async () => {
  await withBrowser({ viewport: { width: 390, height: 844 } }, async ({ page }) => {
    await login(page, srv.url, srv.users.kader);
    await page.getByRole("link", { name: "Jadwal layanan" }).click();
    await page.getByTestId("due-list").waitFor();
    await page.getByLabel("Layanan").selectOption("ptm_screening");
    const record = page.locator("[data-testid=due-list] a.button-link").first();
    assert.ok((await record.count()) > 0, "an adult of the kader's RW is due for the yearly PTM screening");
    const id = /\/due\/record\/(\d+)/.exec(await record.getAttribute("href"))[1];
    await record.click();
    await page.getByTestId("record-form").waitFor();
    assert.equal(await page.getByLabel("Berat badan (kg)").count(), 0, "no child's weighing form for an adult");
    await page.getByLabel("Tekanan darah sistolik (mmHg)").fill("150");
    await page.getByLabel("Tekanan darah diastolik (mmHg)").fill("95");
    await page.getByLabel("Gula darah sewaktu (mg/dL)").fill("210");
    await page.getByRole("button", { name: "Simpan" }).click();
    const out = page.getByTestId("record-outcomes");
    await out.getByText("hipertensi derajat 1", { exact: false }).waitFor();
    await out.getByText("diabetes", { exact: false }).waitFor();
    const care = await apiFrom(page, "GET", `/people/${id}/care`);
    const ptm = care.body.services.filter((s) => s.service === "ptm_screening" && s.date === new Date().toISOString().slice(0, 10));
    assert.equal(ptm.length, 1);
    assert.equal(ptm[0].fields.bp_class, "ht_grade_1");
    assert.equal(ptm[0].fields.glucose_class, "dm");
  });
  await withBrowser({ viewport: { width: 390, height: 844 } }, async ({ page }) => {
    await login(page, srv.url, srv.users.nakes);
    await page.goto(srv.url + "/due");
    await page.getByTestId("due-list").waitFor();
    const select = page.getByLabel("Layanan");
    assert.ok((await select.locator("option[value=immunization]").count()) > 0, "the demo leaves immunisations due in the pustu's area");
    await select.selectOption("immunization");
    const record = page.locator("[data-testid=due-list] a.button-link").first();
    const id = /\/due\/record\/(\d+)/.exec(await record.getAttribute("href"))[1];
    const before = (await apiFrom(page, "GET", `/people/${id}/care`)).body.services.filter((s) => s.service === "immunization").length;
    await record.click();
    const form = page.getByTestId("record-form");
    await form.waitFor();
    const dose = form.locator("fieldset", { hasText: "Imunisasi" }).getByRole("checkbox").first();
    await dose.check();
    await form.getByRole("button", { name: "Simpan" }).click();
    await page.getByTestId("record-outcomes").getByText("Tersimpan.", { exact: false }).waitFor();
    const after = (await apiFrom(page, "GET", `/people/${id}/care`)).body.services.filter((s) => s.service === "immunization").length;
    assert.equal(after, before + 1, "the ticked dose is recorded once");
  });
});

test("logout ends the session: back to the login page and the API answers 401", async () => {
  await withBrowser({}, async ({ page }) => {
    await login(page, srv.url, admin);
    await page.getByRole("button", { name: "Keluar" }).click();
    await page.getByRole("heading", { name: "Masuk" }).waitFor();
    const me = await apiFrom(page, "GET", "/me");
    assert.equal(me.status, 401);
    assert.equal(me.body?.error?.code, "unauthenticated");
    await page.goto(srv.url + "/people");
    await page.getByRole("heading", { name: "Masuk" }).waitFor();
  });
});

test("PWS: traffic-light cards, a league table of puskesmas, a trend line, drill-down; a weighing recorded elsewhere shows while the page is open; who is missing links to the due list; fits a phone", async () => {
  await withBrowser({ viewport: { width: 375, height: 812 } }, async ({ page }) => {
    await login(page, srv.url, admin);
    await page.getByRole("link", { name: "PWS" }).click();
    await page.getByTestId("pws-cards").waitFor();
    assert.ok((await page.locator(".pws-card").count()) >= 29, "every indicator has a card");
    assert.ok((await page.locator(".pws-card.status-green, .pws-card.status-yellow, .pws-card.status-red").count()) > 0, "cards carry a traffic light");
    await page.locator("#pws-indicator").selectOption("d_s");
    await page.getByTestId("pws-trend").locator("svg").waitFor();
    const league = page.getByTestId("pws-league");
    await league.waitFor();
    assert.ok((await league.locator("tbody tr").count()) > 0, "the city's puskesmas are listed");
    assert.ok(await noHorizontalScroll(page), "PWS page at phone width");
    assert.deepEqual(await a11yProblems(page), [], "PWS page");

    // A weighing recorded through the API (another device) moves D/S on the open page.
    const frac = page.locator(".pws-card[data-code=d_s] .pws-frac");
    const before = (await frac.textContent()).trim();
    const city = (await apiFrom(page, "GET", "/pws")).body;
    const pkm = (await apiFrom(page, "GET", "/pws?region=" + encodeURIComponent(city.children[0].region))).body;
    const due = await apiFrom(page, "GET", "/care/due?region=" + encodeURIComponent(pkm.children[0].region));
    const item = (due.body.items ?? []).find((i) => i.service === "anthropometry");
    assert.ok(item, "a child of the kelurahan is due for weighing");
    const months = Math.max(0, Math.round((Date.now() - Date.parse(item.birth_date)) / (30.44 * 86400e3)));
    const weight = months < 12 ? 3.3 + 0.6 * months : 9.5 + 0.2 * (months - 12);
    const today = due.body.date;
    const rec = await apiFrom(page, "POST", "/care/services", { person_id: item.person_id, date: today, service: "anthropometry", place: "posyandu", weight_kg: Number(weight.toFixed(1)) });
    assert.equal(rec.status, 201, JSON.stringify(rec.body));
    await page.waitForFunction((old) => document.querySelector(".pws-card[data-code=d_s] .pws-frac")?.textContent?.trim() !== old, before, { timeout: 15_000 });

    // Drill down to the first puskesmas, then see who is missing, with links to the due list.
    const first = league.locator("tbody tr a").first();
    const name = (await first.textContent()).trim();
    await first.click();
    await page.getByRole("heading", { level: 1, name: `PWS — ${name}` }).waitFor();
    await page.getByTestId("pws-missing").click();
    const people = page.getByTestId("pws-people");
    await people.waitFor();
    assert.ok((await people.locator("a[href^='/due?region=']").count()) > 0, "missing people link to their RW's due list");
    assert.ok(await noHorizontalScroll(page), "drill-down at phone width");
  });
});

test("JSAS on a phone: the call centre books a wheelchair trip with its return in one form; the board of that day shows it planned on a vehicle", async () => {
  await withBrowser({ viewport: { width: 390, height: 844 } }, async ({ page }) => {
    await login(page, srv.url, admin);
    const tomorrow = new Date(Date.now() + 7 * 3600e3 + 86400e3).toISOString().slice(0, 10);
    const people = await apiFrom(page, "GET", "/people?page_size=1&q=a");
    const patient = people.body.items[0];
    const started = Date.now();
    await page.goto(srv.url + "/transport/book");
    await page.getByLabel("Pasien").fill(patient.nik);
    await page.getByRole("button", { name: "Cari" }).click();
    await page.getByTestId("transport-people").getByRole("button").first().click();
    const form = page.getByTestId("transport-form");
    await form.waitFor();
    const dest = page.getByLabel("Tujuan");
    const rsud = await dest.locator("option", { hasText: "RSU" }).first().getAttribute("value");
    await dest.selectOption(rsud);
    await page.getByLabel("Tanggal").fill(tomorrow);
    await page.getByLabel("Jam janji").fill("10:00");
    await page.getByLabel("kursi roda").check();
    await page.getByLabel("Pulang").selectOption("90");
    assert.ok(await noHorizontalScroll(page), "booking form");
    assert.deepEqual(await a11yProblems(page), [], "booking form");
    await form.getByRole("button", { name: "Pesan" }).click();
    const done = page.getByTestId("transport-booked");
    await done.getByText("2 perjalanan dipesan.").waitFor();
    assert.ok(Date.now() - started < 60_000, "booked in under a minute");

    await page.goto(srv.url + `/transport?date=${tomorrow}`);
    await page.getByTestId("transport-counts").waitFor();
    await page.getByTestId("transport-run").first().waitFor();
    await page.getByTestId("transport-map").waitFor();
    assert.ok(await noHorizontalScroll(page), "board");
    assert.deepEqual(await a11yProblems(page), [], "board");
    const board = await apiFrom(page, "GET", `/transport/board?region=${admin.scope ?? "3371"}&date=${tomorrow}`);
    const mine = board.body.trips.filter((t) => t.person_id === patient.id && t.mobility === "wheelchair");
    assert.equal(mine.length, 2, "both legs on the board");
  });
});
