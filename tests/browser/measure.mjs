// Measures how fast the web app answers a user, against a fresh demo server (not a test; run by
// hand: `SIKLUS_BIN=build/release/bin/siklus node tests/browser/measure.mjs [runs]`).
// Prints the median and max of each step in milliseconds, measured in the browser.
import { apiFrom, login, openBrowser, startServer } from "./harness.mjs";

const runs = Number(process.argv[2] ?? 7);
const srv = await startServer({ city: "33.71" });
const admin = srv.users.dinkes_admin;
const times = {};
const note = (k, ms) => (times[k] ??= []).push(ms);

const b = await openBrowser();
try {
  const { page } = b;
  await login(page, srv.url, admin);
  const list = await apiFrom(page, "GET", "/people?page_size=50");
  for (let i = 0; i < runs; i++) {
    const p = list.body.items[i % list.body.items.length];

    let t = Date.now();
    await page.goto(srv.url + "/");
    await page.getByTestId("pyramid").locator('svg path[fill="#2563a8"]').first().waitFor();
    await page.getByTestId("facility-map").locator("path.leaflet-interactive").first().waitFor();
    note("overview: load to pyramid and map drawn", Date.now() - t);

    t = Date.now();
    await page.goto(srv.url + `/people?q=${encodeURIComponent(p.name)}`);
    await page.getByTestId("results").waitFor();
    note("search by name: load to results", Date.now() - t);

    t = Date.now();
    await page.getByLabel("NIK atau nama").fill(p.nik);
    await page.getByRole("button", { name: "Cari" }).click();
    await page.getByTestId("result-count").getByText("1 hasil").waitFor();
    note("search by NIK: submit to result (in app)", Date.now() - t);

    t = Date.now();
    await page.locator(`[data-testid="results"] a[href="/people/${p.id}"]`).click();
    await page.getByTestId("household").or(page.getByText("Tidak ada anggota keluarga lain tercatat.")).waitFor();
    note("person page: click to household shown (in app)", Date.now() - t);
  }
} finally {
  await b.close();
  await srv.stop();
}
const median = (xs) => [...xs].sort((a, c) => a - c)[Math.floor(xs.length / 2)];
for (const [k, xs] of Object.entries(times)) console.log(`${k}: median ${median(xs)} ms, max ${Math.max(...xs)} ms (n=${xs.length})`);
