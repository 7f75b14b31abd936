// Person page: identity, NIK flag, address with region names, household members, and the
// puskesmas / pustu / posyandu that answer for this address. A person outside the user's scope
// answers 404 and shows "not found". The record is kept from here too (person_edit.tsx).
import type { FacilityRef, Person, RegionRef } from "../api";
import { useI18n } from "../i18n";
import { facilityTypeLabel, fmtDate, relationLabel, sexLabel, statusLabel, typeRank } from "../format";
import { Link } from "../router";
import { ErrorBox, isNotFound, Loading, NotFound, useApi } from "../components/status";
import { EditPerson } from "./person_edit";
import { PersonCare, PersonJkn } from "./person_care";

function nameOf(n: RegionRef | null | undefined, fallback?: string | null): string | null {
  return n?.name || fallback || null;
}

// {"puskesmas": {...}, "pustu": {...}, "posyandu": {...}}, absent ones null (docs/openapi.json).
function facilityList(f: Person["facilities"]): FacilityRef[] {
  const list = Object.values(f).filter((v): v is FacilityRef => v !== null);
  return list.sort((a, b) => typeRank(a.type) - typeRank(b.type));
}

export function PersonPage({ id }: { id: string }) {
  const { t, lang } = useI18n();
  const res = useApi<Person>(`/people/${encodeURIComponent(id)}`);
  if (res.error) return isNotFound(res.error) ? <NotFound /> : <ErrorBox error={res.error} retry={res.reload} />;
  const p = res.data;
  if (!p || String(p.id) !== id) return <Loading />;

  const a = p.address;
  const village = nameOf(a.village, p.village_name);
  const district = nameOf(a.district);
  const city = nameOf(a.city);
  const flag = p.nik_flag;
  const members = p.household?.members ?? [];
  const facilities = facilityList(p.facilities);
  const rt = a.rt ?? p.rt;
  const rw = a.rw ?? p.rw;

  const Row = ({ label, value, testid }: { label: string; value: unknown; testid?: string }) => (
    <div data-testid={testid}>
      <dt>{label}</dt>
      <dd>{value === null || value === undefined || value === "" ? "—" : String(value)}</dd>
    </div>
  );

  return (
    <article class="person" data-testid="person">
      <div class="page-head">
        <h1 tabIndex={-1}>{p.name}</h1>
        <span class={`badge status-${(p.status ?? "HIDUP").toLowerCase()}`}>{statusLabel(lang, p.status)}</span>
      </div>
      {flag && (
        <div class="warn" role="note" data-testid="nik-flag">
          <strong>{t("person.flag")}.</strong> {t("person.flag.text")} {flag.message}
        </div>
      )}
      <div class="grid2">
        <section class="card" aria-labelledby="id-h">
          <h2 id="id-h">{t("person.identity")}</h2>
          <dl class="fields">
            <Row label={t("person.nik")} value={p.nik} testid="nik" />
            <Row label={t("person.no_kk")} value={p.no_kk ?? p.household?.no_kk} />
            <Row label={t("person.sex")} value={sexLabel(lang, p.sex)} />
            <Row label={t("person.birth_place")} value={p.birth_place} />
            <Row label={t("person.birth_date")} value={fmtDate(lang, p.birth_date)} />
            <Row label={t("person.age")} value={p.age != null ? t("person.age.years", { n: p.age }) : null} />
            <Row label={t("person.phone")} value={p.phone} />
            {p.status && p.status !== "HIDUP" && <Row label={t("person.status_date")} value={fmtDate(lang, p.status_date)} />}
          </dl>
        </section>
        <section class="card" aria-labelledby="addr-h">
          <h2 id="addr-h">{t("person.address")}</h2>
          <dl class="fields" data-testid="address">
            <Row label={t("person.street")} value={a.street} />
            <Row label={`${t("person.rt")} / ${t("person.rw")}`} value={rt || rw ? `${rt ?? "—"} / ${rw ?? "—"}` : null} />
            <Row label={t("person.village")} value={village} />
            <Row label={t("person.district")} value={district} />
            <Row label={t("person.city")} value={city} />
          </dl>
        </section>
      </div>
      <PersonJkn id={id} />
      <PersonCare id={id} sex={p.sex} birth={p.birth_date} />
      <EditPerson person={p} onSaved={res.reload} />
      <section class="card" aria-labelledby="hh-h">
        <h2 id="hh-h">
          {t("person.household")}
          {p.household?.no_kk ? <span class="muted mono"> {p.household.no_kk}</span> : null}
        </h2>
        {members.length === 0 ? (
          <p class="muted">{t("person.household.none")}</p>
        ) : (
          <ul class="members" data-testid="household">
            {members.map((m) => (
              <li key={m.id}>
                {String(m.id) === String(p.id) ? (
                  <span aria-current="true">
                    <strong>{m.name}</strong> <span class="muted">{t("person.you")}</span>
                  </span>
                ) : (
                  <Link href={`/people/${encodeURIComponent(String(m.id))}`}>{m.name}</Link>
                )}
                <span class="muted">
                  {" · "}
                  {relationLabel(lang, m.relation)}
                  {m.sex ? ` · ${sexLabel(lang, m.sex)}` : ""}
                  {m.age != null ? ` · ${t("person.age.years", { n: m.age })}` : ""}
                  {m.status && m.status !== "HIDUP" ? ` · ${statusLabel(lang, m.status)}` : ""}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section class="card" aria-labelledby="fac-h">
        <h2 id="fac-h">{t("person.facilities")}</h2>
        {facilities.length === 0 ? (
          <p class="muted">{t("person.facilities.none")}</p>
        ) : (
          <ul class="facilities" data-testid="person-facilities">
            {facilities.map((f, i) => (
              <li key={`${f.type}-${f.id ?? i}`}>
                <span class="muted">{facilityTypeLabel(lang, f.type)}</span>
                <strong>{f.name}</strong>
              </li>
            ))}
          </ul>
        )}
      </section>
    </article>
  );
}
