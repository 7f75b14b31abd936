#!/usr/bin/env node
// The exact-NIK stage done by DuckDB, for a side-by-side with `siklus link`: NIKs (digits only,
// at most 17) unique on the population side and unique on the members side, joined.
// Prints {"rows_population","rows_members","pairs","load_seconds","join_seconds","threads"}.
//   node duckdb_exact.mjs POPULATION.csv MEMBERS.csv [THREADS]
import { DuckDBInstance } from '@duckdb/node-api';

const [pop, mem, threads = '2'] = process.argv.slice(2);
const db = await DuckDBInstance.create(':memory:', { threads });
const c = await db.connect();
const q = async (sql) => (await c.runAndReadAll(sql)).getRows();
const lit = (s) => "'" + s.replace(/'/g, "''") + "'";

let t = performance.now();
for (const [name, file] of [['p', pop], ['m', mem]]) {
  // Row numbers as in links.csv (1-based data rows); insertion order is preserved by default.
  await q(`CREATE TABLE ${name} AS SELECT row_number() OVER () AS r, nik
           FROM read_csv(${lit(file)}, header = true, all_varchar = true)`);
}
const load = (performance.now() - t) / 1000;
t = performance.now();
await q(`CREATE TABLE pairs AS
  WITH pu AS (SELECT nik, min(r) AS r FROM p WHERE regexp_full_match(nik, '[0-9]{1,17}')
              GROUP BY nik HAVING count(*) = 1),
       mu AS (SELECT nik, min(r) AS r FROM m WHERE regexp_full_match(nik, '[0-9]{1,17}')
              GROUP BY nik HAVING count(*) = 1)
  SELECT pu.r AS population_row, mu.r AS members_row FROM pu JOIN mu USING (nik)`);
const join = (performance.now() - t) / 1000;
const [[np]] = await q('SELECT count(*) FROM p');
const [[nm]] = await q('SELECT count(*) FROM m');
const [[pairs]] = await q('SELECT count(*) FROM pairs');
console.log(JSON.stringify({ rows_population: Number(np), rows_members: Number(nm), pairs: Number(pairs),
  load_seconds: +load.toFixed(3), join_seconds: +join.toFixed(3), threads: Number(threads) }));
