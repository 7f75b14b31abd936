// Texts of the coverage pages (Bahasa Indonesia first), kept beside the pages that use them.
import { useI18n } from "../i18n";

const id = {
  title: "Cakupan JKN (UHC)",
  snapshot: "Data kepesertaan per",
  region: "Wilayah",
  residents: "Penduduk",
  linked: "Peserta terhubung",
  active: "Aktif",
  coverage: "Cakupan",
  active_pct: "Cakupan aktif",
  naive: "Peserta terdaftar ÷ penduduk",
  not_resident: "Bukan penduduk",
  uncovered: "Belum terdaftar",
  inactive: "Nonaktif",
  cost: "Biaya PBI APBD / bulan",
  status: "Status UHC",
  uhc_prioritas: "UHC Prioritas",
  uhc_basic: "≥ 95%",
  below: "Di bawah",
  no_residents: "—",
  explain:
    "Peserta terdaftar ÷ penduduk = semua peserta yang terdaftar di wilayah ÷ penduduk. Selisihnya dijelaskan oleh peserta yang tidak terhubung ke penduduk hidup: {died} meninggal, {moved} pindah, {unlinked} tidak ditemukan (tinggal di luar, ganda); {elsewhere} terdaftar di sini tetapi tinggal di wilayah lain kota ini.",
  segments: "Per segmen",
  ages: "Per kelompok umur",
  segment: "Segmen",
  group: "Kelompok",
  map: "Peta cakupan kelurahan",
  map_nocoords: "Tidak ada posisi kelurahan.",
  map_note: "Satu titik per kelurahan, besarnya menurut jumlah penduduk, warnanya menurut cakupan. Angka yang sama ada di tabel di atas.",
  legend: "Keterangan warna cakupan",
  worklist: "Unduh daftar kerja",
  review: "Antrian verifikasi",
  review_title: "Verifikasi pasangan peserta–penduduk",
  review_empty: "Tidak ada pasangan untuk diverifikasi.",
  member: "Peserta BPJS",
  person: "Penduduk",
  score: "Skor",
  accept: "Terima",
  reject: "Tolak",
  accepted: "Diterima",
  rejected: "Ditolak",
  no_snapshot: "Belum ada data kepesertaan. Impor dengan `siklus import members`.",
  prev: "Sebelumnya",
  next: "Berikutnya",
  nik_missing: "tanpa NIK",
  nik_hidden: "NIK tidak ditampilkan",
};
const en: typeof id = {
  title: "JKN coverage (UHC)",
  snapshot: "Membership data of",
  region: "Area",
  residents: "Residents",
  linked: "Linked members",
  active: "Active",
  coverage: "Coverage",
  active_pct: "Active coverage",
  naive: "Registered members ÷ residents",
  not_resident: "Not resident",
  uncovered: "Not enrolled",
  inactive: "Inactive",
  cost: "PBI APBD cost / month",
  status: "UHC status",
  uhc_prioritas: "UHC Prioritas",
  uhc_basic: "≥ 95%",
  below: "Below",
  no_residents: "—",
  explain:
    "Registered members ÷ residents = all members registered in the area ÷ residents. The difference is members linked to no living resident: {died} died, {moved} moved out, {unlinked} not found (living elsewhere, duplicates); {elsewhere} registered here but living elsewhere in the city.",
  segments: "By segment",
  ages: "By age group",
  segment: "Segment",
  group: "Group",
  map: "Coverage map of kelurahan",
  map_nocoords: "No kelurahan positions.",
  map_note: "One dot per kelurahan, sized by residents, coloured by coverage. The same figures are in the table above.",
  legend: "Coverage colour key",
  worklist: "Download worklist",
  review: "Review queue",
  review_title: "Review member–resident pairs",
  review_empty: "No pairs to review.",
  member: "BPJS member",
  person: "Resident",
  score: "Score",
  accept: "Accept",
  reject: "Reject",
  accepted: "Accepted",
  rejected: "Rejected",
  no_snapshot: "No membership data yet. Import with `siklus import members`.",
  prev: "Previous",
  next: "Next",
  nik_missing: "no NIK",
  nik_hidden: "NIK not shown",
};

export type CovKey = keyof typeof id;

// BPJS segment and status codes as the data carries them, in the words a health office uses
// (domain.md §5.1); an unknown code shows as it is.
const kSegments: Record<"id" | "en", Record<string, string>> = {
  id: {
    PBI_APBN: "PBI APBN (dibayar pemerintah pusat)",
    PBI_APBD: "PBI APBD / PBPU Pemda (dibayar pemerintah daerah)",
    PPU: "Pekerja penerima upah (PPU)",
    PBPU: "Pekerja bukan penerima upah (mandiri)",
    BP: "Bukan pekerja (BP)",
  },
  en: {
    PBI_APBN: "PBI APBN (paid by the central government)",
    PBI_APBD: "PBI APBD / PBPU Pemda (paid by the local government)",
    PPU: "Wage earners (PPU)",
    PBPU: "Self-employed (PBPU, mandiri)",
    BP: "Non-workers (BP)",
  },
};
const kStatuses: Record<"id" | "en", Record<string, string>> = {
  id: { AKTIF: "Aktif", NONAKTIF: "Nonaktif" },
  en: { AKTIF: "Active", NONAKTIF: "Inactive" },
};

export function useJknWords() {
  const { lang } = useI18n();
  return {
    segment: (code: string) => kSegments[lang][code] ?? code,
    status: (code: string) => kStatuses[lang][code] ?? code,
  };
}

export function useCovText() {
  const { lang } = useI18n();
  const dict = lang === "en" ? en : id;
  return (key: CovKey, vars: Record<string, string | number> = {}) =>
    dict[key].replace(/\{(\w+)\}/g, (_, k) => String(vars[k] ?? ""));
}
