// Formatting shared by pages: numbers, dates, names of codes, translated API errors.
import { ApiError } from "./api";
import type { Lang } from "./i18n";
import { lookup } from "./i18n";

export function fmtInt(lang: Lang, n: number | null | undefined): string {
  if (n === null || n === undefined || Number.isNaN(n)) return "—";
  return new Intl.NumberFormat(lang === "id" ? "id-ID" : "en-GB").format(n);
}

// Measurements and z-scores: at most `digits` decimals, with the language's decimal mark.
export function fmtDecimal(lang: Lang, x: number | null | undefined, digits = 1): string {
  if (x === null || x === undefined || Number.isNaN(x)) return "—";
  return new Intl.NumberFormat(lang === "id" ? "id-ID" : "en-GB", { maximumFractionDigits: digits }).format(x);
}

// Axis labels: "15 rb" / "15K", so they fit a phone.
export function fmtCompact(lang: Lang, n: number): string {
  return new Intl.NumberFormat(lang === "id" ? "id-ID" : "en-GB", { notation: "compact" }).format(n);
}

export function fmtPct(lang: Lang, x: number): string {
  return new Intl.NumberFormat(lang === "id" ? "id-ID" : "en-GB", {
    style: "percent",
    maximumFractionDigits: 1,
  }).format(x);
}

export function fmtDateShort(lang: Lang, iso: string | null | undefined): string {
  const m = iso ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso) : null;
  if (!m) return iso || "—";
  return new Intl.DateTimeFormat(lang === "id" ? "id-ID" : "en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" }).format(
    new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])),
  );
}

export function fmtDate(lang: Lang, iso: string | null | undefined): string {
  if (!iso) return "—";
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return new Intl.DateTimeFormat(lang === "id" ? "id-ID" : "en-GB", {
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  }).format(d);
}

// Sex arrives as L/P (Dukcapil) but tolerate M/F and words.
export function sexKey(sex: string | null | undefined): "L" | "P" | null {
  if (!sex) return null;
  const s = sex.trim().toUpperCase();
  if (s === "L" || s === "M" || s === "MALE" || s === "LAKI-LAKI") return "L";
  if (s === "P" || s === "F" || s === "FEMALE" || s === "PEREMPUAN") return "P";
  return null;
}

export function sexLabel(lang: Lang, sex: string | null | undefined): string {
  const k = sexKey(sex);
  return k ? lookup(lang, `sex.${k}`, k) : sex || "—";
}

export function statusLabel(lang: Lang, status: string | null | undefined): string {
  if (!status) return lookup(lang, "status.HIDUP", "HIDUP");
  return lookup(lang, `status.${status.toUpperCase()}`, status);
}

export function facilityTypeLabel(lang: Lang, type: string | null | undefined): string {
  if (!type) return "—";
  return lookup(lang, `ftype.${type.toLowerCase()}`, type);
}

// Facilities in the order a user thinks of them: office, puskesmas network, hospitals, private.
const kTypeRank = ["dinkes", "puskesmas", "pustu", "posyandu", "hospital", "clinic", "practice"];
export function typeRank(type: string | null | undefined): number {
  const i = kTypeRank.indexOf((type ?? "").toLowerCase());
  return i < 0 ? kTypeRank.length : i;
}

export function relationLabel(lang: Lang, rel: string | null | undefined): string {
  if (!rel) return "—";
  return lookup(lang, `relation.${rel.toLowerCase()}`, rel);
}

// Translates an API error by code and field, with the server's own (already localized) message
// as detail when it says more than the dictionary.
export function errorText(lang: Lang, err: unknown): string {
  if (!(err instanceof ApiError)) return lookup(lang, "err.generic", "Error");
  if (err.code === "network") return lookup(lang, "err.network", "Network error");
  const byField = err.field ? lookup(lang, `err.${err.code}.${err.field}`, "") : "";
  const base = byField || lookup(lang, `err.${err.code}`, lookup(lang, "err.generic", "Error"));
  const detail = err.message && err.message !== base ? err.message : "";
  return detail ? `${base} ${detail}` : base;
}

// Beside the field it names: the server's own message (already in the user's language, from its
// message table) says what is wrong and how to fix it; the generic text only when there is none.
export function fieldErrorText(lang: Lang, err: unknown): string {
  if (err instanceof ApiError && err.field && err.message) return err.message;
  return errorText(lang, err);
}
