#!/usr/bin/env node
// Generates a synthetic Indonesian population extract and a BPJS-like membership extract with
// known truth, in the contract.md formats. Synthetic people only.
//   node gen_synth.mjs --residents N --members M --corruption R [--seed S] --out DIR
// Writes DIR/population.csv, DIR/members.csv, DIR/truth.csv (population_row,members_row;
// population_row 0 = a member who lives elsewhere). About 95 % of residents are members; the
// rest of the members live outside the city (NIK region of a neighbouring kabupaten).
// Each member field is damaged independently with probability R:
//   NIK   missing (40 %), one digit mistyped (30 %), two adjacent digits transposed (30 %)
//   name  old spelling (Yusuf -> Joesoef), abbreviation (Muhammad -> M./Moch./Muh., Abdul ->
//         Abd., Siti -> St.), a typo, a dropped name part, a title or degree added
//   birth day/month swapped (50 %), one part off by one (30 %), missing (20 %)
//   sex   missing
//   address moved (another street and kelurahan)
import fs from 'node:fs';
import path from 'node:path';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, v, i, a) => (v.startsWith('--') ? [...acc, [v.slice(2), a[i + 1]]] : acc), []),
);
const N = Number(args.residents ?? 100000);
const M = Number(args.members ?? Math.round(N * 1.04));
const R = Number(args.corruption ?? 0.05);
const out = args.out;
let seed = BigInt(args.seed ?? 1);
if (!out) {
  console.error('usage: gen_synth.mjs --residents N --members M --corruption R [--seed S] --out DIR');
  process.exit(2);
}
fs.mkdirSync(out, { recursive: true });

// xorshift32 seeded from --seed: deterministic output for a seed.
let s32 = Number(seed % 4294967291n) || 2463534242;
function rnd() {
  s32 ^= s32 << 13; s32 >>>= 0;
  s32 ^= s32 >>> 17;
  s32 ^= s32 << 5; s32 >>>= 0;
  return s32 / 4294967296;
}
const ri = (n) => Math.floor(rnd() * n);
const pick = (a) => a[ri(a.length)];

const MALE = `Budi Agus Joko Ahmad Rizki Hendra Eko Dedi Andi Bambang Wahyu Yusuf Arif Fajar Irfan Dimas
Rudi Hadi Slamet Teguh Bayu Dani Fikri Hasan Ilham Iwan Johan Lukman Rahmat Ridwan Sigit Taufik Umar
Yoga Zainal Syahrul Sutrisno Supriadi Heru Gilang Aditya Reza Rizal Firman Anwar Khairul Darmawan Edi
Faisal Imam Jaya Krisna Mulyadi Nanda Putra Rahman Samsul Tono Wawan Yudi Zulkifli Abdul Ismail Sofyan
Agung Benny Charles Daniel Roy Tommy Hendrik Jonathan Samuel Paulus Martin Robert Frans David Michael
Suryo Cahyo Sugeng Haryanto Junaidi Jefri Joni Yohanes Yosua Nyoman Syaiful Usman Yunus Bonar Tigor
Parlindungan Marulam Horas Sahat Tumpal Binsar Poltak Ucok Togar Halomoan`.split(/\s+/);
const FEMALE = `Sri Dewi Rina Putri Indah Wati Ani Yuni Lestari Fitri Ayu Nurul Dian Eka Rini Ratna Wulan
Intan Maya Nia Novi Rahma Sari Tuti Umi Yanti Zahra Aisyah Fatimah Hana Kartika Lina Mega Okta Puspita
Rosmawati Susanti Tiara Vina Widya Yulia Ernawati Hartini Juliana Kristina Maria Melati Nova Rosa Sinta
Theresia Veronika Agustina Elisabeth Margaretha Magdalena Sartika Mawar Anisa Dina Febri Gita Irma Kiki
Lilis Mira Nining Rukmini Cahaya Juwita Yuliana Suryani Nyimas Syarifah Khadijah Junita Rosdiana
Hotmaida Romauli Tiurma Lasmaria Nurhayati Sumarni Jamilah Ruminah Saodah Masitah`.split(/\s+/);
const FAMILY = `Santoso Wibowo Saputra Hidayat Kurniawan Pratama Setiawan Nugroho Purnomo Susanto Wijaya
Gunawan Hakim Lestari Wahyuni Handayani Hasibuan Lubis Nasution Siregar Harahap Simanjuntak Sitorus
Pardede Sinaga Tampubolon Hutapea Ginting Sembiring Tarigan Damanik Saragih Purba Manurung Panjaitan
Silalahi Situmorang Daulay Pohan Batubara Matondang Sihombing Simatupang Sianturi Marpaung Pane
Rangkuti Ritonga Tanjung Surbakti Karokaro Peranginangin Munthe Napitupulu Hutagalung Simbolon Sagala
Aritonang Gultom Butarbutar Tambunan Pasaribu Sitompul Nainggolan Lumbantobing Hutabarat Sihite Halim
Salim Kusuma Hartono Sutanto Rahayu Permana Maulana Ramadhan Firmansyah Syahputra Hasanah Utami
Anggraini Kusumawati Suryadi Prasetyo Hermawan Wijayakusuma Sudirman Sulaiman Yusuf Ibrahim Abdullah
Hamzah Chaniago Koto Piliang Tanjung Caniago Rajagukguk Marbun Manalu Pakpahan Sirait Simorangkir`.split(/\s+/);
const STREETS = `Merdeka Sudirman Gatot Subroto Diponegoro Imam Bonjol Juanda Thamrin Gajah Mada Sisingamangaraja
Brigjend Katamso Letda Sujono Pancing Setia Budi Sei Batang Hari Ayahanda Kapten Muslim Pelajar
Denai Bromo Halat Marelan Veteran Amaliun Sakti Lubis Cemara Mangaan Kenanga Melati Mawar Flamboyan
Teladan Karya Jaya Pasar Merah Tuasan Rakyat Garu Bajak Titi Kuning Bunga Lau Medan Tenggara
Perjuangan Kelambir Asrama Gaperta Binjai Tembung Krakatau Pukat Menteng Sutomo Yos Sudarso`.split(/\s+/);
const PLACES = ['Medan', 'Binjai', 'Deli Serdang', 'Pematangsiantar', 'Tebing Tinggi', 'Tarutung',
  'Padang Sidempuan', 'Kabanjahe', 'Jakarta', 'Padang', 'Aceh', 'Sibolga'];

const CITY = '1275'; // Kota Medan
const OUTSIDE = ['1207', '1271', '1276', '1204']; // neighbouring kab/kota: members living elsewhere
const KEC = 21;
const KEL_PER_KEC = 7;
const pad = (n, w) => String(n).padStart(w, '0');
const csv = (v) => (/[",\n\r]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v);

function makeName(sex) {
  const parts = [];
  const r = rnd();
  if (sex === 'L' && r < 0.15) parts.push('Muhammad');
  else if (sex === 'L' && r < 0.18) parts.push('Abdul');
  else if (sex === 'P' && r < 0.10) parts.push('Siti');
  parts.push(pick(sex === 'L' ? MALE : FEMALE));
  const q = rnd();
  if (q < 0.08 && parts.length === 1) return parts; // single names are common
  parts.push(rnd() < 0.6 ? pick(FAMILY) : pick(sex === 'L' ? MALE : FEMALE));
  if (rnd() < 0.2) parts.push(pick(FAMILY));
  return parts;
}

const serial = new Map();
function makeNik(kec6, y, m, d, sex) {
  const dd = sex === 'P' ? d + 40 : d;
  const key = `${kec6}${pad(dd, 2)}${pad(m, 2)}${pad(y % 100, 2)}`;
  const n = (serial.get(key) ?? 0) + 1;
  serial.set(key, n);
  return key + pad(n, 4);
}

function makePerson(cityCode) {
  const sex = rnd() < 0.5 ? 'L' : 'P';
  const age = Math.min(95, Math.floor(-Math.log(1 - rnd() * 0.97) * 28));
  const y = 2025 - age;
  const m = 1 + ri(12);
  const d = 1 + ri(28 + (m === 2 ? 0 : 2));
  const kec = 1 + ri(KEC);
  const kel = 1 + ri(KEL_PER_KEC);
  const birthKec = rnd() < 0.85 ? kec : 1 + ri(KEC);
  return {
    sex, y, m, d,
    name: makeName(sex),
    nik: makeNik(`${cityCode}${pad(birthKec, 2)}`, y, m, d, sex),
    kk: `${cityCode}${pad(kec, 2)}${pad(1 + ri(28), 2)}${pad(1 + ri(12), 2)}${pad(10 + ri(15), 2)}${pad(1 + ri(9999), 4)}`,
    place: rnd() < 0.7 ? 'Medan' : pick(PLACES),
    street: `Jl. ${pick(STREETS)} ${rnd() < 0.3 ? pick(STREETS) + ' ' : ''}No. ${1 + ri(250)}`,
    rt: 1 + ri(12),
    rw: 1 + ri(8),
    region: `${cityCode}${pad(kec, 2)}${1000 + kel}`,
    status: rnd() < 0.015 ? 'MATI' : rnd() < 0.01 ? 'PINDAH' : 'HIDUP',
  };
}

// ---- damage ------------------------------------------------------------------------------
function oldSpelling(t) {
  let o = '';
  for (let i = 0; i < t.length; i++) {
    const c = t[i], n = t[i + 1] ?? '';
    const lc = c.toLowerCase();
    const up = c !== lc;
    let r;
    if (lc === 's' && n === 'y') { r = 'sj'; i++; }
    else if (lc === 'n' && n === 'y') { r = 'nj'; i++; }
    else if (lc === 'k' && n === 'h') { r = 'ch'; i++; }
    else if (lc === 'j') r = 'dj';
    else if (lc === 'c') r = 'tj';
    else if (lc === 'y') r = 'j';
    else if (lc === 'u') r = 'oe';
    else r = lc;
    o += up ? r[0].toUpperCase() + r.slice(1) : r;
  }
  return o;
}
function typo(t) {
  if (t.length < 4) return t;
  const i = 1 + ri(t.length - 1);
  const letters = 'aiueonrstlkmgdhby';
  const k = ri(3);
  if (k === 0) return t.slice(0, i) + t.slice(i + 1); // deletion
  if (k === 1) return t.slice(0, i) + pick([...letters]) + t.slice(i + 1); // substitution
  return t.slice(0, i) + t[i] + t.slice(i); // doubled letter
}
function damageName(parts, sex) {
  const p = [...parts];
  const k = ri(5);
  if (k === 0) {
    const idx = p.findIndex((t) => oldSpelling(t) !== t);
    if (idx >= 0) { p[idx] = oldSpelling(p[idx]); return p.join(' '); }
  }
  if (k === 1) {
    const map = { Muhammad: ['M.', 'Moch.', 'Muh.', 'Mochammad', 'Mohamad', 'Moh.'], Abdul: ['Abd.'], Siti: ['St.'] };
    if (map[p[0]]) { p[0] = pick(map[p[0]]); return p.join(' '); }
  }
  if (k === 2 && p.length >= 3) { p.pop(); return p.join(' '); }
  if (k === 3) {
    if (rnd() < 0.5) return (sex === 'L' ? 'H. ' : 'Hj. ') + p.join(' ');
    return p.join(' ') + ', ' + pick(['S.Pd', 'S.Kom', 'S.E.', 'A.Md.Keb', 'S.H.']);
  }
  const idx = ri(p.length);
  p[idx] = typo(p[idx]);
  return p.join(' ');
}
function damageNik(nik) {
  const r = rnd();
  if (r < 0.4) return '';
  const a = [...nik];
  if (r < 0.7) {
    const i = ri(16);
    let c;
    do c = String(ri(10)); while (c === a[i]);
    a[i] = c;
    return a.join('');
  }
  for (let tries = 0; tries < 20; tries++) {
    const i = ri(15);
    if (a[i] !== a[i + 1]) { [a[i], a[i + 1]] = [a[i + 1], a[i]]; return a.join(''); }
  }
  return '';
}
function damageBirth(y, m, d) {
  const r = rnd();
  if (r < 0.5) {
    if (d <= 12 && d !== m) return `${y}-${pad(d, 2)}-${pad(m, 2)}`;
    return `${y}-${pad(m, 2)}-${pad(d === 28 ? 27 : d + 1, 2)}`;
  }
  if (r < 0.8) {
    return rnd() < 0.5 ? `${y + (rnd() < 0.5 ? 1 : -1)}-${pad(m, 2)}-${pad(d, 2)}`
                       : `${y}-${pad(m, 2)}-${pad(d === 1 ? 2 : d - 1, 2)}`;
  }
  return '';
}

// ---- write --------------------------------------------------------------------------------
class Out {
  constructor(file, header) { this.fd = fs.openSync(file, 'w'); this.buf = [header]; }
  line(l) { this.buf.push(l); if (this.buf.length >= 50000) this.flush(); }
  flush() { fs.writeSync(this.fd, this.buf.join('\n') + '\n'); this.buf = []; }
  close() { if (this.buf.length) this.flush(); fs.closeSync(this.fd); }
}

const people = new Array(N);
const pop = new Out(path.join(out, 'population.csv'),
  'nik,no_kk,nama,jenis_kelamin,tanggal_lahir,tempat_lahir,alamat,rt,rw,kode_wilayah,status');
for (let i = 0; i < N; i++) {
  const p = makePerson(CITY);
  people[i] = p;
  pop.line([p.nik, p.kk, csv(p.name.join(' ')), p.sex, `${p.y}-${pad(p.m, 2)}-${pad(p.d, 2)}`, p.place,
    csv(p.street), p.rt, p.rw, p.region, p.status].join(','));
}
pop.close();

// Members: enrolled residents plus people living elsewhere, in shuffled order.
const enrolled = Math.min(N, Math.round(Math.min(M, N) * 0.95));
const order = Array.from({ length: N }, (_, i) => i);
for (let i = N - 1; i > 0; i--) { const j = ri(i + 1); [order[i], order[j]] = [order[j], order[i]]; }
const rows = [];
for (let i = 0; i < enrolled; i++) rows.push(order[i]);
for (let i = enrolled; i < M; i++) rows.push(-1);
for (let i = rows.length - 1; i > 0; i--) { const j = ri(i + 1); [rows[i], rows[j]] = [rows[j], rows[i]]; }

const SEG = ['PBI_APBN', 'PBI_APBN', 'PBI_APBD', 'PPU', 'PPU', 'PBPU', 'BP'];
const mem = new Out(path.join(out, 'members.csv'),
  'noka,nik,nama,jenis_kelamin,tanggal_lahir,segmen,kelas,status,kode_faskes,alamat,kode_wilayah');
const truth = new Out(path.join(out, 'truth.csv'), 'population_row,members_row');
const damaged = { nik: 0, name: 0, birth: 0, sex: 0, address: 0 };
for (let k = 0; k < rows.length; k++) {
  const idx = rows[k];
  const p = idx >= 0 ? people[idx] : makePerson(pick(OUTSIDE));
  let nik = p.nik, name = p.name.join(' '), birth = `${p.y}-${pad(p.m, 2)}-${pad(p.d, 2)}`;
  let sex = p.sex, street = p.street, region = p.region;
  if (rnd() < R) { nik = damageNik(nik); damaged.nik++; }
  if (rnd() < R) { name = damageName(p.name, p.sex); damaged.name++; }
  if (rnd() < R) { birth = damageBirth(p.y, p.m, p.d); damaged.birth++; }
  if (rnd() < R) { sex = ''; damaged.sex++; }
  if (rnd() < R) {
    street = `Jl. ${pick(STREETS)} No. ${1 + ri(250)}`;
    region = `${CITY}${pad(1 + ri(KEC), 2)}${1000 + 1 + ri(KEL_PER_KEC)}`;
    damaged.address++;
  }
  const seg = pick(SEG);
  mem.line([pad(1000000000000 + k + 1, 13), nik, csv(name), sex, birth, seg,
    seg.startsWith('PBI') ? 3 : 1 + ri(3), rnd() < 0.85 ? 'AKTIF' : 'NONAKTIF',
    `${CITY}${pad(1 + ri(KEC), 2)}01`, csv(street), region].join(','));
  truth.line(`${idx >= 0 ? idx + 1 : 0},${k + 1}`);
}
mem.close();
truth.close();
console.error(JSON.stringify({ out, residents: N, members: M, enrolled, corruption: R, damaged }));
