// Vite config for the siklus web app: built by `./dev` with `npx vite build web` into web/dist,
// which `siklus serve` serves with SPA fallback. Everything is bundled (no CDN, no web fonts).
import { defineConfig } from "vite";
import { precompress } from "./compress";

export default defineConfig({
  base: "/",
  // Preact through the automatic JSX runtime; no plugin needed.
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  // Brotli and gzip copies of the text assets, served by `siklus serve` (phones on 3G).
  plugins: [precompress()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2020",
    // ECharts and Leaflet are lazy chunks loaded by the overview page only.
    chunkSizeWarningLimit: 800,
  },
  server: {
    // `npx vite web` during development: forward the API to a running `siklus serve`.
    proxy: { "/api": process.env.SIKLUS_API ?? "http://127.0.0.1:8080" },
  },
});
