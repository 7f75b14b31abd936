#!/usr/bin/env node
// Scores links.csv against truth.csv (population_row,members_row; members_row with population_row
// 0 or absent = member who is no resident). Counts only `match` decisions for precision/recall/F1;
// reports the review band (size and how many of it are true pairs). Prints one JSON object.
//   node score.mjs LINKS.csv TRUTH.csv
import fs from 'node:fs';

const [linksFile, truthFile] = process.argv.slice(2);
const lines = (f) => fs.readFileSync(f, 'utf8').split('\n').slice(1).filter(Boolean);
const truth = new Map();
for (const l of lines(truthFile)) {
  const [p, m] = l.split(',');
  if (p !== '0' && p !== '') truth.set(m, p);
}
let tp = 0, fp = 0, review = 0, reviewTrue = 0;
for (const l of lines(linksFile)) {
  const [p, m, , decision] = l.split(',');
  const ok = truth.get(m) === p;
  if (decision === 'match') ok ? tp++ : fp++;
  else { review++; if (ok) reviewTrue++; }
}
const fn = truth.size - tp;
const precision = tp + fp ? tp / (tp + fp) : 1;
const recall = truth.size ? tp / truth.size : 1;
const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
const r = (x) => Math.round(x * 1e5) / 1e5;
console.log(JSON.stringify({ true_pairs: truth.size, tp, fp, fn, precision: r(precision), recall: r(recall),
  f1: r(f1), review, review_true: reviewTrue }));
