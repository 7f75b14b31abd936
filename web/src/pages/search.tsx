// People search: one box. Digits (6-16) = the people whose NIK or KK number starts with them,
// anything else = name search (the server tolerates spelling variants). Results are paged; the NIK is shown as the API gives it (masked
// for roles that do not need it, who may not search by NIK either: 403).
import { useEffect, useState } from "preact/hooks";
import { ApiError, type Me, type PeoplePage } from "../api";
import { useI18n } from "../i18n";
import { fmtDateShort, fmtInt, sexLabel, statusLabel } from "../format";
import { Link, navigate } from "../router";
import { ErrorBox, Loading, useApi } from "../components/status";

const kPageSize = 20;

export function SearchPage({ q, page, all }: { me: Me; q: string; page: number; all: boolean }) {
  const { t, lang } = useI18n();
  const [text, setText] = useState(q);
  useEffect(() => setText(q), [q]);
  const query = q.trim();
  // No text: nothing, unless the user asked to browse everyone in their area (by name).
  const res = useApi<PeoplePage>(
    query || all ? `/people?q=${encodeURIComponent(query)}&page=${page}&page_size=${kPageSize}` : null,
  );
  // Digits typed with spaces ("3371 0112 …") are still a number.
  const isNumber = /^\d+$/.test(text.replace(/\s/g, ""));

  const submit = (e: Event) => {
    e.preventDefault();
    const v = text.trim();
    const compact = v.replace(/\s/g, "");
    navigate(`/people?q=${encodeURIComponent(/^\d+$/.test(compact) ? compact : v)}`);
  };

  const data = res.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / (data.page_size || kPageSize))) : 1;
  const go = (p: number) => navigate(query ? `/people?q=${encodeURIComponent(query)}&page=${p}` : `/people?all=1&page=${p}`);

  return (
    <div class="search">
      <h1 tabIndex={-1}>{t("search.title")}</h1>
      <form role="search" class="searchbox" onSubmit={submit}>
        <label for="q">{t("search.label")}</label>
        <div class="row">
          <input id="q" name="q" type="search" inputMode="search" autocomplete="off" spellcheck={false} aria-describedby="q-hint" value={text} onInput={(e) => setText(e.currentTarget.value)} />
          <button type="submit" class="primary">
            {t("search.submit")}
          </button>
        </div>
        <p id="q-hint" class="muted small">
          {text.trim() ? (isNumber ? t("search.mode.nik") : t("search.mode.name")) + " · " : ""}
          {t("search.hint")}
        </p>
      </form>
      {!query && !all && (
        <p>
          <Link href="/people?all=1">{t("search.browse")}</Link>
        </p>
      )}
      {(query || all) && res.loading && <Loading />}
      {res.error instanceof ApiError && res.error.status === 403 ? (
        // A role that is not shown NIKs (kader) may not look one up either.
        <p class="error" role="alert" data-testid="nik-forbidden">
          {t("search.forbidden_nik")}
        </p>
      ) : (
        res.error && <ErrorBox error={res.error} retry={res.reload} />
      )}
      {data && !res.loading && (
        <section aria-labelledby="results-h">
          <div role="status">
            <h2 id="results-h" data-testid="result-count">
              {data.total === 0 ? t("search.noresults") : t("search.results", { n: fmtInt(lang, data.total) })}
            </h2>
            {data.total > 0 && data.found_by && "nik" in data.found_by && (
              <p class="muted small" data-testid="found-by">
                {t("search.found_by_number", { nik: fmtInt(lang, data.found_by.nik ?? 0), kk: fmtInt(lang, data.found_by.kk ?? 0) })}
              </p>
            )}
            {data.total > 0 && data.found_by && "all" in data.found_by && (
              <p class="muted small" data-testid="found-by">
                {t("search.all_includes_gone")}
              </p>
            )}
          </div>
          {data.items.some((p) => p.nik.includes("*")) && <p class="muted small">{t("search.masked")}</p>}
          {data.items.length > 0 && (
            <div class="table-wrap">
              <table class="list" data-testid="results">
                <thead>
                  <tr>
                    <th scope="col">{t("person.name")}</th>
                    <th scope="col">{t("person.nik")}</th>
                    <th scope="col">{t("person.sex")}</th>
                    <th scope="col">{t("person.birth_date")}</th>
                    <th scope="col" class="num">
                      {t("person.age")}
                    </th>
                    <th scope="col">{t("person.address")}</th>
                    <th scope="col">{t("person.status")}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((p) => (
                    <tr key={p.id}>
                      <td data-label={t("person.name")}>
                        <Link href={`/people/${encodeURIComponent(String(p.id))}`}>{p.name}</Link>
                        {p.nik_flag && (
                          <span class="flag" title={typeof p.nik_flag === "string" ? p.nik_flag : p.nik_flag.message}>
                            {" "}
                            ⚠<span class="sr-only">{t("person.flag")}</span>
                          </span>
                        )}
                      </td>
                      <td data-label={t("person.nik")} class="mono">
                        {p.nik}
                      </td>
                      <td data-label={t("person.sex")}>{sexLabel(lang, p.sex)}</td>
                      <td data-label={t("person.birth_date")}>{fmtDateShort(lang, p.birth_date)}</td>
                      <td data-label={t("person.age")} class="num">
                        {p.age ?? "—"}
                      </td>
                      <td data-label={t("person.address")}>
                        {p.village_name ?? p.village_code ?? "—"}
                        {p.rw ? ` · RW ${p.rw}` : ""}
                        {p.rt ? ` RT ${p.rt}` : ""}
                      </td>
                      <td data-label={t("person.status")}>{statusLabel(lang, p.status)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {pages > 1 && (
            <nav class="pager" aria-label={t("common.page", { p: page, n: pages })}>
              <button type="button" disabled={page <= 1} onClick={() => go(page - 1)}>
                {t("common.prev")}
              </button>
              <span>{t("common.page", { p: fmtInt(lang, page), n: fmtInt(lang, pages) })}</span>
              <button type="button" disabled={page >= pages} onClick={() => go(page + 1)}>
                {t("common.next")}
              </button>
            </nav>
          )}
        </section>
      )}
    </div>
  );
}
