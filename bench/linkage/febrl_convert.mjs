#!/usr/bin/env node
// Converts FEBRL data set 4 (4a = originals, 4b = one duplicate each) into the contract's
// population and membership CSV formats, plus truth.csv (population_row,members_row) from rec_id.
//   node febrl_convert.mjs FEBRL_DIR OUT_DIR [--no-region]
// Mapping: soc_sec_id -> nik (7 digits, so every NIK is "invalid" and kept), given + surname ->
// nama, date_of_birth YYYYMMDD -> tanggal_lahir, street number/address_1/address_2/suburb ->
// alamat, postcode -> a synthetic 10-digit kode_wilayah "9999" + first two postcode digits (as
// the kecamatan) + the postcode (as the kelurahan); with --no-region kode_wilayah stays empty
// (recall drops: the postcode is evidence). FEBRL has no sex; jenis_kelamin stays empty.
import fs from 'node:fs';
import path from 'node:path';

const [dir, out, flag] = process.argv.slice(2);
const withRegion = flag !== '--no-region';
if (!dir || !out || (flag && withRegion)) {
  console.error('usage: febrl_convert.mjs FEBRL_DIR OUT_DIR [--no-region]');
  process.exit(2);
}
fs.mkdirSync(out, { recursive: true });

const csv = (v) => (/[",\n\r]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v);

function read(file) {
  const lines = fs.readFileSync(path.join(dir, file), 'utf8').split(/\r?\n/).filter((l) => l.trim());
  const header = lines[0].split(',').map((s) => s.trim());
  return lines.slice(1).map((l) => {
    const f = l.split(',').map((s) => s.trim());
    const r = {};
    header.forEach((h, i) => (r[h] = f[i] ?? ''));
    return r;
  });
}

function date(d) {
  return /^\d{8}$/.test(d) ? `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}` : '';
}
function region(pc) {
  return withRegion && /^\d{4}$/.test(pc) ? `9999${pc.slice(0, 2)}${pc}` : '';
}
function common(r) {
  return {
    nama: [r.given_name, r.surname].filter(Boolean).join(' '),
    tanggal_lahir: date(r.date_of_birth),
    alamat: [r.street_number, r.address_1, r.address_2, r.suburb].filter(Boolean).join(' '),
    kode_wilayah: region(r.postcode),
  };
}

const a = read('dataset4a.csv');
const b = read('dataset4b.csv');
const popRow = new Map();
let pop = 'nik,nama,jenis_kelamin,tanggal_lahir,alamat,kode_wilayah\n';
a.forEach((r, i) => {
  const c = common(r);
  popRow.set(r.rec_id.split('-')[1], i + 1);
  pop += [r.soc_sec_id, c.nama, '', c.tanggal_lahir, c.alamat, c.kode_wilayah].map(csv).join(',') + '\n';
});
let mem = 'noka,nik,nama,jenis_kelamin,tanggal_lahir,alamat,kode_wilayah,segmen,status\n';
let truth = 'population_row,members_row\n';
b.forEach((r, i) => {
  const c = common(r);
  const noka = String(1000000000000 + i + 1).padStart(13, '0');
  mem += [noka, r.soc_sec_id, c.nama, '', c.tanggal_lahir, c.alamat, c.kode_wilayah, 'PBPU', 'AKTIF']
    .map(csv).join(',') + '\n';
  const p = popRow.get(r.rec_id.split('-')[1]);
  if (p) truth += `${p},${i + 1}\n`;
});
fs.writeFileSync(path.join(out, 'population.csv'), pop);
fs.writeFileSync(path.join(out, 'members.csv'), mem);
fs.writeFileSync(path.join(out, 'truth.csv'), truth);
console.error(`febrl: ${a.length} population, ${b.length} members, ${truth.split('\n').length - 2} true pairs -> ${out}`);
