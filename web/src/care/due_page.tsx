// Who is due (issue 10 item 3): the due and overdue services of an area on a day, most overdue
// first, from GET /care/due (the same list `siklus due` prints). Drill down through the area's
// children to a kelurahan; a list too long to read on screen shows its most overdue rows and
// offers the whole list as XLSX. Prints as a clean A4 list with a tick column for a posyandu day.
import { useState } from "preact/hooks";
import type { components } from "../api_types";
import type { Region } from "../api";
import { useI18n } from "../i18n";
import { fmtDate, fmtInt } from "../format";
import { Link } from "../router";
import { ErrorBox, Loading, useApi } from "../components/status";
import { serviceName } from "../pages/person_care";
import { kPosyanduServices, Outbox } from "./record_page";

type DueList = components["schemas"]["DueList"];
type DueItem = components["schemas"]["DueItem"];
const kShown = 1500;

function ageOf(birth: string | undefined, on: string): string {
  if (!birth) return "—";
  const b = new Date(birth + "T00:00:00Z");
  const d = new Date(on + "T00:00:00Z");
  const months = (d.getUTCFullYear() - b.getUTCFullYear()) * 12 + d.getUTCMonth() - b.getUTCMonth() - (d.getUTCDate() < b.getUTCDate() ? 1 : 0);
  return months < 24 ? `${months} bl` : `${Math.floor(months / 12)} th`;
}

export function DuePage({ region, date }: { region: string | null; date: string | null }) {
  const { t, lang } = useI18n();
  const [service, setService] = useState("");
  const area = useApi<Region>(`/regions/${encodeURIComponent(region ?? "me")}`);
  const q = new URLSearchParams();
  if (region) q.set("region", region);
  if (date) q.set("date", date);
  const list = useApi<DueList>(`/care/due${q.toString() ? `?${q}` : ""}`);
  const xlsx = `/api/v1/care/due?${new URLSearchParams({ ...Object.fromEntries(q), format: "xlsx" })}`;
  const r = area.data;
  const d = list.data;
  const services = d ? [...new Set(d.items.map((i) => i.service))].sort() : [];
  const items = d ? d.items.filter((i) => !service || i.service === service) : [];
  // The record screen gets everything a person is due for at the posyandu table in its link, so
  // it opens without signal; the button shows once per person, on their first row.
  const dueOf = new Map<number, string[]>();
  for (const i of d?.items ?? []) {
    if (kPosyanduServices.has(i.service)) dueOf.set(i.person_id, [...(dueOf.get(i.person_id) ?? []), `${i.service}:${i.item}`]);
  }
  const firstRow = new Set<DueItem>();
  const seen = new Set<number>();
  for (const i of items.slice(0, kShown)) {
    if (kPosyanduServices.has(i.service) && !seen.has(i.person_id)) {
      seen.add(i.person_id);
      firstRow.add(i);
    }
  }
  const recordHref = (i: DueItem) =>
    `/due/record/${i.person_id}?` + new URLSearchParams({ name: i.name ?? "", birth: i.birth_date ?? "", due: (dueOf.get(i.person_id) ?? []).join(",") }).toString();
  return (
    <div class="due">
      <h1 tabIndex={-1}>
        {t("due.title")}
        {r ? ` — ${r.name}` : ""}
      </h1>
      {r && r.children.length > 0 && (
        <nav class="crumbs no-print" aria-label={t("due.areas")}>
          {r.children.map((c) => (
            <span key={c.code}>
              <Link href={`/due?region=${encodeURIComponent(c.code)}`}>{c.name}</Link>{" "}
            </span>
          ))}
        </nav>
      )}
      <Outbox />
      {list.loading && !d && <Loading />}
      {list.error && <ErrorBox error={list.error} retry={list.reload} />}
      {d && (
        <>
          <p role="status" data-testid="due-count">
            {t("due.count", { n: fmtInt(lang, items.length), date: fmtDate(lang, d.date) })}
          </p>
          <p class="no-print">
            <a href={xlsx}>{t("due.xlsx")}</a>
            {items.length > 0 && (
              <>
                {" · "}
                <button type="button" onClick={() => window.print()}>
                  {t("due.print")}
                </button>
              </>
            )}
          </p>
          {services.length > 1 && (
            <div class="field no-print">
              <label for="due-service">{t("due.service")}</label>
              <select id="due-service" value={service} onChange={(e) => setService(e.currentTarget.value)}>
                <option value="">{t("due.all")}</option>
                {services.map((s) => (
                  <option key={s} value={s}>
                    {serviceName(lang, s)}
                  </option>
                ))}
              </select>
            </div>
          )}
          {items.length === 0 ? (
            <p class="muted">{t("due.none")}</p>
          ) : (
            <div class="table-wrap">
              {items.length > kShown && (
                <p class="muted" data-testid="due-too-many">
                  {t("due.tooMany", { shown: fmtInt(lang, kShown), n: fmtInt(lang, items.length) })}
                </p>
              )}
              <table class="list due-list" data-testid="due-list">
                <thead>
                  <tr>
                    <th scope="col">{t("due.name")}</th>
                    <th scope="col">{t("due.age")}</th>
                    <th scope="col">RW</th>
                    <th scope="col">{t("due.service")}</th>
                    <th scope="col">{t("due.due")}</th>
                    <th scope="col" class="num">
                      {t("due.late")}
                    </th>
                    <th scope="col" class="print-only">
                      {t("due.done")}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {items.slice(0, kShown).map((i) => (
                    <tr key={`${i.person_id}-${i.service}-${i.item}`}>
                      <td data-label={t("due.name")}>
                        <Link href={`/people/${i.person_id}`}>{i.name ?? `#${i.person_id}`}</Link>
                        {firstRow.has(i) && (
                          <>
                            {" "}
                            <Link class="no-print button-link" href={recordHref(i)} aria-label={`${t("record.action")}: ${i.name ?? i.person_id}`}>
                              {t("record.action")}
                            </Link>
                          </>
                        )}
                      </td>
                      <td data-label={t("due.age")}>{ageOf(i.birth_date, d.date)}</td>
                      <td data-label="RW">{i.rw ?? "—"}</td>
                      <td data-label={t("due.service")}>
                        {serviceName(lang, i.service)}
                        {i.item && i.item !== i.service ? ` · ${i.item}` : ""}
                      </td>
                      <td data-label={t("due.due")}>{fmtDate(lang, i.due)}</td>
                      <td data-label={t("due.late")} class="num">
                        {i.overdue_days > 0 ? i.overdue_days : "—"}
                      </td>
                      <td class="print-only" />
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </div>
  );
}
