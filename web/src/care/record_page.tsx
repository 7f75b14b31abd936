// Recording a person's services on a posyandu day (issue 10 item 4): one screen per person with
// what is due for them (the due list passes it in the link, so the screen opens without signal):
// weighing, vitamin A, the immunisation doses due (nakes), blood pressure and blood sugar for the
// PTM screening or the hypertension check, the elderly's ADL. Numeric keyboards; the growth status
// and blood-pressure class at once when the server answers. Each service goes through the phone's
// outbox (outbox.ts) as its own entry, so it is kept and sent later when there is no signal.
import { useState } from "preact/hooks";
import type { Me } from "../api";
import { useI18n } from "../i18n";
import { Link } from "../router";
import { dismiss, enqueue, flush, load, newKey, useOutbox } from "./outbox";

type Measure = "weight_kg" | "height_cm" | "muac_cm" | "head_cm";
const kMeasures: Measure[] = ["weight_kg", "height_cm", "muac_cm", "head_cm"];
type Vital = "systolic" | "diastolic" | "glucose_mg_dl" | "waist_cm" | "adl";

// The services a posyandu table records. Others (ANC, KF, KN…) are recorded at the pustu or
// puskesmas, on their own forms.
export const kPosyanduServices = new Set(["anthropometry", "vitamin_a", "immunization", "ptm_screening", "elderly_screening", "ht_followup"]);

function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

function monthsOld(birth: string | null, on: string): number | null {
  if (!birth || !/^\d{4}-\d{2}-\d{2}$/.test(birth)) return null;
  const [by, bm, bd] = birth.split("-").map(Number);
  const [y, m, d] = on.split("-").map(Number);
  return (y - by) * 12 + (m - bm) - (d < bd ? 1 : 0);
}

// What the screen offers: the due items from the link ("service:item", e.g. "immunization:bcg:1")
// and, without them (opened directly), the weighing of an under-five.
export function sectionsFor(due: string[], months: number | null, role: string) {
  const has = (s: string) => due.some((d) => d === s || d.startsWith(s + ":"));
  const doses = role === "kader" ? [] : due.filter((d) => d.startsWith("immunization:")).map((d) => d.slice("immunization:".length));
  const vitA = due.find((d) => d.startsWith("vitamin_a:"));
  return {
    weigh: has("anthropometry") || (due.length === 0 && (months === null || months < 60)),
    vitaminA: vitA ? (vitA.endsWith("100000_iu") ? 100000 : 200000) : null,
    doses,
    ptm: has("ptm_screening"),
    ht: has("ht_followup"),
    elderly: has("elderly_screening"),
  };
}

type Outcome = { label: string; state: "saved" | "waiting" | "refused"; detail?: string[]; error?: string };

export function RecordPage({ me, personId, name, birth, due }: { me: Me; personId: string; name: string; birth: string | null; due: string[] }) {
  const { t, tr } = useI18n();
  const [date, setDate] = useState(today);
  const [m, setM] = useState<Record<Measure, string>>({ weight_kg: "", height_cm: "", muac_cm: "", head_cm: "" });
  const [vit, setVit] = useState<Record<Vital, string>>({ systolic: "", diastolic: "", glucose_mg_dl: "", waist_cm: "", adl: "" });
  const [vitaminGiven, setVitaminGiven] = useState(false);
  const [given, setGiven] = useState<Set<string>>(new Set());
  const [outcomes, setOutcomes] = useState<Outcome[] | null>(null);
  const [error, setError] = useState("");
  const s = sectionsFor(due, monthsOld(birth, date), me.role);
  const bp = s.ptm || s.ht || s.elderly;

  // The number typed in a field ("9,5" or "9.5"), undefined when empty; null (and focus) when not
  // a number, so the form says which field to fix.
  const number = (id: string, label: string, raw: string): number | undefined | null => {
    const x = raw.trim().replace(",", ".");
    if (!x) return undefined;
    const n = Number(x);
    if (Number.isFinite(n)) return n;
    setError(t("record.notNumber", { field: label }));
    document.getElementById(id)?.focus();
    return null;
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    setError("");
    const envelope: Record<string, unknown> = { person_id: Number(personId), date, place: me.role === "kader" ? "posyandu" : "puskesmas" };
    if (me.role === "kader" || me.role === "nakes") envelope.facility_id = Number(me.scope);
    const entries: { label: string; body: Record<string, unknown> }[] = [];

    const measured: Record<string, number> = {};
    for (const f of s.weigh ? kMeasures : []) {
      const n = number(`r-${f}`, t(`record.${f}`), m[f]);
      if (n === null) return;
      if (n !== undefined) measured[f] = n;
    }
    const vitals: Partial<Record<Vital, number>> = {};
    for (const f of ["systolic", "diastolic", "glucose_mg_dl", "waist_cm", "adl"] as Vital[]) {
      const n = number(`r-${f}`, t(`record.${f}`), vit[f]);
      if (n === null) return;
      if (n !== undefined) vitals[f] = n;
    }
    const pressure = vitals.systolic !== undefined || vitals.diastolic !== undefined ? { systolic: vitals.systolic, diastolic: vitals.diastolic } : null;

    if (Object.keys(measured).length > 0) entries.push({ label: t("record.weigh"), body: { service: "anthropometry", ...measured } });
    if (s.vitaminA && vitaminGiven) entries.push({ label: t("record.vitaminA"), body: { service: "vitamin_a", dose_iu: s.vitaminA } });
    for (const d of s.doses.filter((x) => given.has(x))) {
      const [antigen, dose] = d.split(":");
      entries.push({ label: `${t("record.immunization")} ${doseLabel(d)}`, body: { service: "immunization", antigen, dose: Number(dose) } });
    }
    if (s.ht && pressure) entries.push({ label: t("record.ht"), body: { service: "ht_followup", ...pressure } });
    if (s.ptm && (pressure || vitals.glucose_mg_dl !== undefined || vitals.waist_cm !== undefined)) {
      entries.push({ label: t("record.ptm"), body: { service: "ptm_screening", ...(pressure ?? {}), glucose_mg_dl: vitals.glucose_mg_dl, waist_cm: vitals.waist_cm } });
    }
    if (s.elderly && vitals.adl !== undefined) entries.push({ label: t("record.elderly"), body: { service: "elderly_screening", adl: vitals.adl, ...(pressure ?? {}) } });
    if (entries.length === 0) {
      setError(t("record.nothing"));
      return;
    }

    const who = name || `#${personId}`;
    const keys = entries.map((x) => {
      const key = newKey();
      const body = Object.fromEntries(Object.entries({ ...envelope, ...x.body }).filter(([, v]) => v !== undefined));
      enqueue({ key, label: `${who} · ${x.label} · ${date}`, body, at: new Date().toISOString() });
      return key;
    });
    const answers = await flush();
    const left = new Map(load().map((x) => [x.key, x]));
    setOutcomes(
      entries.map((x, i) => {
        const answer = answers[keys[i]] as { fields?: Record<string, any> } | undefined;
        if (answer) return { label: x.label, state: "saved", detail: derived(answer.fields ?? {}) };
        const kept = left.get(keys[i]);
        return kept?.error ? { label: x.label, state: "refused", error: kept.error } : { label: x.label, state: "waiting" };
      }),
    );
  };

  // What the server worked out, in words: growth status, blood-pressure and glucose classes.
  const derived = (f: Record<string, any>): string[] => {
    const out: string[] = [];
    for (const [k, w] of Object.entries((f.growth?.status ?? {}) as Record<string, string>)) {
      if (w) out.push(`${tr(`growth.${k}`, k)}: ${tr(`growth.word.${w}`, w)}`);
    }
    if (f.bp_class) out.push(`${t("record.bpClass")}: ${tr(`record.bp.${f.bp_class}`, f.bp_class)}`);
    if (f.glucose_class) out.push(`${t("record.glucoseClass")}: ${tr(`record.glucose.${f.glucose_class}`, f.glucose_class)}`);
    return out;
  };

  const measureInput = (id: string, label: string, value: string, set: (v: string) => void, mode: "decimal" | "numeric" = "decimal") => (
    <div class="field" key={id}>
      <label for={`r-${id}`}>{label}</label>
      <input id={`r-${id}`} inputMode={mode} autocomplete="off" value={value} onInput={(e) => set(e.currentTarget.value)} />
    </div>
  );

  return (
    <div class="record">
      <h1 tabIndex={-1}>{t("record.title", { name: name || `#${personId}` })}</h1>
      <Outbox />
      {outcomes ? (
        <section class="card" data-testid="record-result" role="status">
          {outcomes.every((o) => o.state === "waiting") ? (
            <p>{t("record.waiting")}</p>
          ) : (
            <ul class="plain" data-testid="record-outcomes">
              {outcomes.map((o) => (
                <li key={o.label}>
                  <strong>{o.label}</strong>:{" "}
                  {o.state === "saved" ? <span class="ok">{t("record.saved")}</span> : o.state === "waiting" ? t("record.waiting") : <span class="error">{o.error}</span>}
                  {o.detail && o.detail.length > 0 && (
                    <ul class="plain" data-testid="growth-status">
                      {o.detail.map((d) => (
                        <li key={d}>{d}</li>
                      ))}
                    </ul>
                  )}
                </li>
              ))}
            </ul>
          )}
          <p>
            <Link href="/due">{t("record.back")}</Link>
          </p>
        </section>
      ) : (
        <form class="card form" onSubmit={submit} data-testid="record-form">
          <div class="field">
            <label for="r-date">{t("record.date")}</label>
            <input id="r-date" type="date" required value={date} max={today()} onInput={(e) => setDate(e.currentTarget.value)} />
          </div>
          {s.weigh && (
            <fieldset>
              <legend>{t("record.weigh")}</legend>
              {kMeasures.map((f) => measureInput(f, t(`record.${f}`), m[f], (v) => setM({ ...m, [f]: v })))}
            </fieldset>
          )}
          {s.vitaminA && (
            <fieldset>
              <legend>{t("record.vitaminA")}</legend>
              <label class="check">
                <input type="checkbox" checked={vitaminGiven} onChange={(e) => setVitaminGiven(e.currentTarget.checked)} />{" "}
                {t(s.vitaminA === 100000 ? "record.vitaminA.blue" : "record.vitaminA.red")}
              </label>
            </fieldset>
          )}
          {s.doses.length > 0 && (
            <fieldset>
              <legend>{t("record.immunization")}</legend>
              {s.doses.map((d) => (
                <label class="check" key={d}>
                  <input
                    type="checkbox"
                    checked={given.has(d)}
                    onChange={(e) => {
                      const next = new Set(given);
                      if (e.currentTarget.checked) next.add(d);
                      else next.delete(d);
                      setGiven(next);
                    }}
                  />{" "}
                  {doseLabel(d)}
                </label>
              ))}
            </fieldset>
          )}
          {bp && (
            <fieldset>
              <legend>{s.ht ? t("record.ht") : s.ptm ? t("record.ptm") : t("record.elderly")}</legend>
              {measureInput("systolic", t("record.systolic"), vit.systolic, (v) => setVit({ ...vit, systolic: v }), "numeric")}
              {measureInput("diastolic", t("record.diastolic"), vit.diastolic, (v) => setVit({ ...vit, diastolic: v }), "numeric")}
              {s.ptm && measureInput("glucose_mg_dl", t("record.glucose_mg_dl"), vit.glucose_mg_dl, (v) => setVit({ ...vit, glucose_mg_dl: v }), "numeric")}
              {s.ptm && measureInput("waist_cm", t("record.waist_cm"), vit.waist_cm, (v) => setVit({ ...vit, waist_cm: v }))}
              {s.elderly && measureInput("adl", t("record.adl"), vit.adl, (v) => setVit({ ...vit, adl: v }), "numeric")}
            </fieldset>
          )}
          {error && (
            <p class="field-error" role="alert">
              {error}
            </p>
          )}
          <button type="submit" class="primary">
            {t("record.submit")}
          </button>
        </form>
      )}
    </div>
  );
}

// "dpt_hb_hib:2" → "DPT-HB-HIB 2", as on the immunisation card.
function doseLabel(d: string): string {
  const [antigen, dose] = d.split(":");
  return `${antigen.toUpperCase().replace(/_/g, "-")} ${dose}`;
}

// What the phone still holds: waiting entries (sent when the signal returns) and ones the server
// refused, each with its reason.
export function Outbox() {
  const { t } = useI18n();
  const entries = useOutbox();
  if (entries.length === 0) return null;
  const waiting = entries.filter((e) => !e.error);
  const refused = entries.filter((e) => e.error);
  return (
    <section class="card warn" data-testid="outbox" aria-live="polite">
      {waiting.length > 0 && (
        <p>
          <strong>{t("outbox.waiting", { n: waiting.length })}</strong>{" "}
          <button type="button" onClick={() => void flush()}>
            {t("outbox.retry")}
          </button>
        </p>
      )}
      {refused.map((e) => (
        <p key={e.key} class="error">
          {e.label}: {e.error}{" "}
          <button type="button" onClick={() => dismiss(e.key)}>
            {t("outbox.dismiss")}
          </button>
        </p>
      ))}
    </section>
  );
}
