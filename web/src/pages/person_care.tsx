// A person's care on their page (issue 10 item 5, issue 14 item 1): what is due next, the
// immunisation card and the latest services, from GET /people/{id}/care (the same timeline the
// care service builds for the CLI). The server audits the read.
import type { components } from "../api_types";
import { useI18n } from "../i18n";
import { fmtDate } from "../format";
import { ErrorBox, Loading, useApi } from "../components/status";
import { Link } from "../router";
import { useJknWords } from "../coverage/strings";
import { GrowthChart } from "../care/growth_chart";

type Timeline = components["schemas"]["CareTimeline"];

const kServiceNames: Record<"id" | "en", Record<string, string>> = {
  id: {
    pregnancy: "Kehamilan", anc: "Pemeriksaan kehamilan (ANC)", delivery: "Persalinan", kf: "Kunjungan nifas (KF)",
    kn: "Kunjungan neonatal (KN)", immunization: "Imunisasi", anthropometry: "Penimbangan dan pengukuran",
    vitamin_a: "Vitamin A", ptm_screening: "Skrining PTM", elderly_screening: "Skrining lansia (SKILAS, ADL)",
    tb_screening: "Skrining TBC", hiv_test: "Tes HIV", odgj_visit: "Kunjungan ODGJ", ht_followup: "Kontrol hipertensi",
    dm_followup: "Kontrol diabetes", diagnosis: "Diagnosis",
  },
  en: {
    pregnancy: "Pregnancy", anc: "Antenatal care (ANC)", delivery: "Delivery", kf: "Postpartum visit (KF)",
    kn: "Neonatal visit (KN)", immunization: "Immunisation", anthropometry: "Weighing and measuring",
    vitamin_a: "Vitamin A", ptm_screening: "NCD screening (PTM)", elderly_screening: "Elderly screening (SKILAS, ADL)",
    tb_screening: "TB screening", hiv_test: "HIV test", odgj_visit: "Mental health visit (ODGJ)", ht_followup: "Hypertension check",
    dm_followup: "Diabetes check", diagnosis: "Diagnosis",
  },
};

export function serviceName(lang: "id" | "en", code: string): string {
  return kServiceNames[lang][code] ?? code;
}

type Membership = components["schemas"]["PersonMembership"];

// The person's JKN status from the latest BPJS snapshot, with the way to enrolment when none.
export function PersonJkn({ id }: { id: string }) {
  const { t, lang } = useI18n();
  const words = useJknWords();
  const res = useApi<Membership>(`/people/${encodeURIComponent(id)}/jkn`);
  if (res.loading && !res.data) return <Loading />;
  if (res.error) return <ErrorBox error={res.error} retry={res.reload} />;
  const m = res.data;
  if (!m) return null;
  const linked = m.members.filter((x) => x.linked);
  return (
    <section class="card" aria-labelledby="jkn-h" data-testid="person-jkn">
      <h2 id="jkn-h">{t("jkn.title")}</h2>
      {!m.snapshot ? (
        <p class="muted">{t("jkn.noSnapshot")}</p>
      ) : linked.length === 0 ? (
        <p>
          <strong class="error">{t("jkn.none")}</strong> {t("jkn.enrol", { date: fmtDate(lang, m.snapshot) })}{" "}
          <Link href="/coverage">{t("jkn.worklist")}</Link>
        </p>
      ) : (
        <ul class="plain">
          {linked.map((x) => (
            <li key={x.noka}>
              <strong class={x.status === "AKTIF" ? "ok" : "error"}>{words.status(x.status)}</strong> · {words.segment(x.segment)} ·{" "}
              <span class="mono">{x.noka}</span>
              {x.kelas ? ` · ${t("jkn.class", { n: x.kelas })}` : ""}
            </li>
          ))}
          <li class="muted small">{t("jkn.asOf", { date: fmtDate(lang, m.snapshot) })}</li>
        </ul>
      )}
    </section>
  );
}

export function PersonCare({ id, sex, birth }: { id: string; sex?: string | null; birth?: string | null }) {
  const { t, tr, lang } = useI18n();
  const res = useApi<Timeline>(`/people/${encodeURIComponent(id)}/care`);
  const name = (code: string) => serviceName(lang, code);
  if (res.loading && !res.data) return <Loading />;
  if (res.error) return <ErrorBox error={res.error} retry={res.reload} />;
  const tl = res.data;
  if (!tl) return null;
  const latest = [...tl.services].filter((s) => !s.deleted).sort((a, b) => b.date.localeCompare(a.date)).slice(0, 8);
  const card = tl.immunization_card.filter((r) => r.routine);
  return (
    <>
      <section class="card" aria-labelledby="care-h" data-testid="person-care">
        <h2 id="care-h">{t("care.title")}</h2>
        <h3>{t("care.due")}</h3>
        {tl.due.length === 0 ? (
          <p class="muted">{t("care.due.none")}</p>
        ) : (
          <ul class="plain" data-testid="care-due">
            {tl.due.map((d) => (
              <li key={`${d.service}-${d.item}`}>
                <strong>{name(d.service)}</strong> {d.item && d.item !== d.service ? `· ${d.item}` : ""} · {fmtDate(lang, d.due)}
                {d.overdue_days > 0 && <span class="error"> · {t("care.overdue", { n: d.overdue_days })}</span>}
              </li>
            ))}
          </ul>
        )}
        {card.length > 0 && (
          <>
            <h3>{t("care.card")}</h3>
            <div class="table-wrap">
              <table class="list" data-testid="immunization-card">
                <thead>
                  <tr>
                    <th scope="col">{t("care.antigen")}</th>
                    <th scope="col">{t("care.recommended")}</th>
                    <th scope="col">{t("care.given")}</th>
                  </tr>
                </thead>
                <tbody>
                  {card.map((r) => (
                    <tr key={`${r.antigen}-${r.dose}`}>
                      <th scope="row">
                        {r.antigen.toUpperCase().replace(/_/g, "-")} {r.dose}
                      </th>
                      <td>{fmtDate(lang, r.recommended)}</td>
                      <td>{r.given ? fmtDate(lang, r.given) : "—"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
        <h3>{t("care.latest")}</h3>
        {latest.length === 0 ? (
          <p class="muted">{t("care.none")}</p>
        ) : (
          <ul class="plain" data-testid="care-latest">
            {latest.map((s) => (
              <li key={s.id}>
                {fmtDate(lang, s.date)} · <strong>{name(s.service)}</strong> · {tr(`care.place.${s.place}`, s.place)}
              </li>
            ))}
          </ul>
        )}
      </section>
      <GrowthChart sex={sex} birth={birth} services={tl.services} />
    </>
  );
}
