// The audit log (Dinkes admin only; the server refuses anyone else with 403): who read, searched,
// exported, changed or was refused what. Filters live in the URL, so a view can be shared.
import { useEffect, useState } from "preact/hooks";
import type { AuditLogPage, Me } from "../api";
import { useI18n } from "../i18n";
import { fmtInt } from "../format";
import { Link, navigate } from "../router";
import { ErrorBox, Loading, useApi } from "../components/status";

export interface AuditFilters {
  user: string;
  person: string;
  since: string;
  until: string;
  page: number;
}

const kPageSize = 50;

function queryOf(f: AuditFilters, withPage: boolean): string {
  const q = new URLSearchParams();
  if (f.user.trim()) q.set("user", f.user.trim());
  if (f.person.trim()) q.set("person", f.person.trim());
  if (f.since) q.set("since", f.since);
  if (f.until) q.set("until", f.until);
  if (withPage && f.page > 1) q.set("page", String(f.page));
  return q.toString();
}

export function AuditPage({ me, filters }: { me: Me; filters: AuditFilters }) {
  const { t, tr, lang } = useI18n();
  const [form, setForm] = useState(filters);
  useEffect(() => setForm(filters), [filters.user, filters.person, filters.since, filters.until, filters.page]);
  const admin = me.role === "dinkes_admin";
  const query = queryOf(filters, true);
  const res = useApi<AuditLogPage>(admin ? `/audit?${query}${query ? "&" : ""}page_size=${kPageSize}` : null);

  const submit = (e: Event) => {
    e.preventDefault();
    const q = queryOf({ ...form, page: 1 }, false);
    navigate(`/audit${q ? `?${q}` : ""}`);
  };
  const go = (p: number) => {
    const q = queryOf({ ...filters, page: p }, true);
    navigate(`/audit${q ? `?${q}` : ""}`);
  };

  if (!admin) {
    return (
      <div class="audit">
        <h1 tabIndex={-1}>{t("audit.title")}</h1>
        <p role="alert">{t("audit.forbidden")}</p>
      </div>
    );
  }
  const data = res.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / (data.page_size || kPageSize))) : 1;
  const set = (key: "user" | "person" | "since" | "until") => (e: { currentTarget: HTMLInputElement }) => setForm({ ...form, [key]: e.currentTarget.value });

  return (
    <div class="audit">
      <h1 tabIndex={-1}>{t("audit.title")}</h1>
      <p class="muted">{t("audit.intro")}</p>
      <form class="card form filters" onSubmit={submit} aria-label={t("audit.filters")}>
        <div class="field">
          <label for="audit-user">{t("audit.user")}</label>
          <input id="audit-user" value={form.user} onInput={set("user")} />
        </div>
        <div class="field">
          <label for="audit-person">{t("audit.person")}</label>
          <input id="audit-person" inputMode="numeric" value={form.person} onInput={set("person")} />
        </div>
        <div class="field">
          <label for="audit-since">{t("audit.since")}</label>
          <input id="audit-since" type="date" value={form.since} onInput={set("since")} />
        </div>
        <div class="field">
          <label for="audit-until">{t("audit.until")}</label>
          <input id="audit-until" type="date" value={form.until} onInput={set("until")} />
        </div>
        <button type="submit" class="primary">
          {t("audit.apply")}
        </button>
      </form>
      {res.loading && <Loading />}
      {res.error && <ErrorBox error={res.error} retry={res.reload} />}
      {data && !res.loading && (
        <section aria-labelledby="audit-h">
          <div role="status">
            <h2 id="audit-h" data-testid="audit-count">
              {data.total === 0 ? t("audit.none") : t("audit.count", { n: fmtInt(lang, data.total) })}
            </h2>
          </div>
          {data.entries.length > 0 && (
            <div class="table-wrap">
              <table class="list" data-testid="audit-entries">
                <thead>
                  <tr>
                    <th scope="col">{t("audit.at")}</th>
                    <th scope="col">{t("audit.user")}</th>
                    <th scope="col">{t("audit.action")}</th>
                    <th scope="col">{t("audit.object")}</th>
                    <th scope="col">{t("audit.area")}</th>
                    <th scope="col">{t("audit.detail")}</th>
                    <th scope="col" class="num">
                      {t("audit.n")}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {data.entries.map((e) => (
                    <tr key={e.seq}>
                      <td data-label={t("audit.at")} class="mono">
                        {e.at.replace("T", " ").replace("Z", "")}
                      </td>
                      <td data-label={t("audit.user")}>{e.user}</td>
                      <td data-label={t("audit.action")}>{tr(`audit.action.${e.action}`, e.action)}</td>
                      <td data-label={t("audit.object")}>
                        {tr(`audit.object.${e.object}`, e.object)}
                        {e.person_id !== null && (
                          <>
                            {" "}
                            <Link href={`/people/${e.person_id}`}>#{e.person_id}</Link>
                          </>
                        )}
                      </td>
                      <td data-label={t("audit.area")}>{e.area ?? "—"}</td>
                      <td data-label={t("audit.detail")} class="mono">
                        {e.detail || "—"}
                      </td>
                      <td data-label={t("audit.n")} class="num">
                        {e.count === null ? "—" : fmtInt(lang, e.count)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {pages > 1 && (
            <nav class="pager" aria-label={t("common.page", { p: filters.page, n: pages })}>
              <button type="button" disabled={filters.page <= 1} onClick={() => go(filters.page - 1)}>
                {t("common.prev")}
              </button>
              <span>{t("common.page", { p: fmtInt(lang, filters.page), n: fmtInt(lang, pages) })}</span>
              <button type="button" disabled={filters.page >= pages} onClick={() => go(filters.page + 1)}>
                {t("common.next")}
              </button>
            </nav>
          )}
        </section>
      )}
    </div>
  );
}
