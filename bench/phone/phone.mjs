// The web app on a phone over 3G (issue 14 item 7): Chrome DevTools' "Fast 3G" profile (562.5 ms
// latency, 1.44 Mbit/s down, 675 kbit/s up) and a CPU slowed 4×, a 390×844 screen, an empty
// cache. Times from the click on "Masuk" to the overview's first numbers and to its chart, and
// counts the bytes that crossed the network. Prints one JSON object per run on stdout.
//   SIKLUS_BIN=build/release/bin/siklus node bench/phone/phone.mjs [runs]
import { openBrowser, startServer } from "../../tests/browser/harness.mjs";

const runs = Number(process.argv[2] ?? 5);
const kFast3G = { offline: false, latency: 562.5, downloadThroughput: (1.6 * 1024 * 1024 * 0.9) / 8, uploadThroughput: (750 * 1024 * 0.9) / 8 };

const srv = await startServer({ city: "33.71" });
const admin = srv.users.dinkes_admin;
try {
  for (let i = 0; i < runs; i++) {
    const b = await openBrowser({ viewport: { width: 390, height: 844 } });
    try {
      const { page, context } = b;
      const cdp = await context.newCDPSession(page);
      await cdp.send("Network.enable");
      await cdp.send("Network.setCacheDisabled", { cacheDisabled: false });
      await cdp.send("Network.emulateNetworkConditions", kFast3G);
      await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
      let bytes = 0;
      cdp.on("Network.loadingFinished", (e) => (bytes += e.encodedDataLength));
      const t0 = Date.now();
      await page.goto(srv.url + "/");
      await page.getByLabel("Nama pengguna").waitFor({ timeout: 60_000 });
      const loginShown = Date.now() - t0;
      await page.getByLabel("Nama pengguna").fill(admin.username);
      await page.getByLabel("Kata sandi").fill(admin.password);
      const t1 = Date.now();
      await page.getByRole("button", { name: "Masuk" }).click();
      await page.getByTestId("stat-residents").waitFor({ timeout: 60_000 });
      const numbers = Date.now() - t1;
      await page.getByTestId("pyramid").locator('svg path[fill="#2563a8"]').first().waitFor({ timeout: 60_000 });
      const chart = Date.now() - t1;
      console.log(JSON.stringify({ login_page_ms: loginShown, numbers_ms: numbers, chart_ms: chart, bytes }));
    } finally {
      await b.close();
    }
  }
} finally {
  await srv.stop();
}
