// Writes brotli (.br) and gzip (.gz) copies beside every text asset of the build, which
// `siklus serve` sends to clients that accept them (src/http/static_files.cpp). Node's own zlib
// does both at the highest settings: nothing to install, and the work is done once per build.
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import type { Plugin } from "vite";

const kText = /\.(js|css|html|svg|json|txt|map)$/;
const kMinBytes = 1024; // below this the headers cost more than compression saves

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

export function precompress(): Plugin {
  let outDir = "";
  return {
    name: "siklus-precompress",
    apply: "build",
    configResolved(config) {
      outDir = join(config.root, config.build.outDir);
    },
    closeBundle() {
      for (const path of files(outDir)) {
        if (!kText.test(path)) continue;
        const data = readFileSync(path);
        if (data.length < kMinBytes) continue;
        const br = brotliCompressSync(data, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
            [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
          },
        });
        const gz = gzipSync(data, { level: 9 });
        // A copy that is not smaller is not worth a lookup.
        if (br.length < data.length) writeFileSync(`${path}.br`, br);
        if (gz.length < data.length) writeFileSync(`${path}.gz`, gz);
      }
    },
  };
}
