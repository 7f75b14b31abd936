// The live PWS (issue 11): traffic-light cards of every indicator of an area for a month, a
// league table of the areas below for the chosen indicator (drill down on any name), a trend
// line over the last twelve months, and who is missing behind a figure (linking to the due
// list). It polls GET /pws/version every few seconds and reloads when a figure moved, so a
// service recorded at a posyandu shows up while the page is open. Prints on A4 for the
// lokakarya mini; the same table downloads as XLSX.
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { useEChart } from "../components/use_echart";
import type { components } from "../api_types";
import { api } from "../api";
import { useI18n } from "../i18n";
import { fmtInt } from "../format";
import { Link, navigate } from "../router";
import { ErrorBox, Loading, useApi } from "../components/status";

type PwsTable = components["schemas"]["PwsTable"];
type PwsFigure = components["schemas"]["PwsFigure"];
type PwsTrend = components["schemas"]["PwsTrend"];
type PwsPeople = components["schemas"]["PwsPeople"];

const kPollMs = 3000;
const kColors: Record<string, string> = { green: "#15803d", yellow: "#b45309", red: "#b91c1c" };

function pctText(lang: string, v: number | null | undefined): string {
  return v === null || v === undefined ? "—" : `${v.toLocaleString(lang === "id" ? "id-ID" : "en-GB", { maximumFractionDigits: 1 })} %`;
}

function monthsBefore(period: string, n: number): string {
  const [y, m] = period.split("-").map(Number);
  const k = y * 12 + (m - 1) - n;
  return `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, "0")}`;
}

function href(region: string, period: string, indicator: string): string {
  return `/pws?${new URLSearchParams({ region, period, indicator })}`;
}

function TrendChart({ trend }: { trend: PwsTrend }) {
  const { t, lang } = useI18n();
  const option = useMemo(
    () => ({
      animation: false,
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 4, right: 12, top: 32, bottom: 4, outerBoundsMode: "same", outerBoundsContain: "axisLabel" },
      xAxis: { type: "category", data: trend.series.map((s) => s.period) },
      yAxis: { type: "value", axisLabel: { formatter: "{value} %" } },
      series: [
        { name: t("pws.achieved"), type: "line", data: trend.series.map((s) => s.pct), itemStyle: { color: "#2563a8" } },
        { name: t("pws.target"), type: "line", data: trend.series.map((s) => s.target_to_date_pct ?? null), lineStyle: { type: "dashed" }, itemStyle: { color: "#6b7280" }, symbol: "none" },
      ],
    }),
    // `t` follows `lang`: keyed on the language so the chart is not redrawn on every render.
    [trend, lang],
  );
  const el = useEChart(option);
  return (
    <>
      <div ref={el} class="pws-trend" role="img" aria-label={t("pws.trend")} data-testid="pws-trend" />
      <table class="sr-only">
        <caption>{t("pws.trend")}</caption>
        <tbody>
          {trend.series.map((s) => (
            <tr key={s.period}>
              <th scope="row">{s.period}</th>
              <td>{s.pct ?? "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function People({ region, indicator, period, which }: { region: string; indicator: string; period: string; which: "counted" | "missing" }) {
  const { t } = useI18n();
  const list = useApi<PwsPeople>(`/pws/people?${new URLSearchParams({ region, indicator, period, which })}`);
  if (list.loading && !list.data) return <Loading />;
  if (list.error) return <ErrorBox error={list.error} retry={list.reload} />;
  const d = list.data!;
  if (d.people.length === 0) return <p class="muted">{which === "missing" ? t("pws.nobodyMissing") : t("pws.nobodyCounted")}</p>;
  return (
    <div class="table-wrap">
      <p class="muted">{t("pws.peopleCount", { n: fmtInt("id", d.total) })}</p>
      <table class="list" data-testid="pws-people">
        <thead>
          <tr>
            <th scope="col">{t("due.name")}</th>
            <th scope="col">RW</th>
            <th scope="col">{t("pws.dueList")}</th>
          </tr>
        </thead>
        <tbody>
          {d.people.map((p) => (
            <tr key={p.id}>
              <td data-label={t("due.name")}>
                <Link href={`/people/${p.id}`}>{p.name}</Link>
              </td>
              <td data-label="RW">{p.rw ?? "—"}</td>
              <td data-label={t("pws.dueList")}>
                <Link href={`/due?region=${encodeURIComponent(p.due_region)}`}>{t("pws.dueList")}</Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function PwsPage({ region, period, indicator }: { region: string | null; period: string | null; indicator: string | null }) {
  const { t, lang } = useI18n();
  const q = new URLSearchParams();
  if (region) q.set("region", region);
  if (period) q.set("period", period);
  const table = useApi<PwsTable>(`/pws?${q}`);
  const d = table.data;
  const [which, setWhich] = useState<"counted" | "missing" | null>(null);

  // Poll the version; reload the table when any figure may have moved.
  const seen = useRef<number | undefined>(undefined);
  useEffect(() => {
    seen.current = d?.version;
  }, [d?.version]);
  useEffect(() => {
    const timer = setInterval(() => {
      api<{ version: number }>("GET", "/pws/version").then(
        (v) => {
          if (seen.current !== undefined && v.version !== seen.current) {
            seen.current = v.version;
            table.reload();
          }
        },
        () => {},
      );
    }, kPollMs);
    return () => clearInterval(timer);
  }, [region, period]);

  const code = indicator ?? d?.indicators[0]?.code ?? "k1";
  const chosen: PwsFigure | undefined = d?.indicators.find((i) => i.code === code);
  const trendPath = d ? `/pws/trend?${new URLSearchParams({ region: d.region, indicator: code, from: monthsBefore(d.period, 11), to: d.period })}` : null;
  const trend = useApi<PwsTrend>(chosen && chosen.code !== "jkn" ? trendPath : null);
  useEffect(() => {
    if (d) trend.reload();
  }, [d?.version]);
  const go = (r: string, p: string, i: string) => navigate(href(r, p, i));
  const hasData = d ? d.indicators.some((i) => (i.denominator ?? 0) > 0) : false;
  const rows = d && chosen ? [...d.children].sort((a, b) => (b.indicators.find((i) => i.code === code)?.pct ?? -1) - (a.indicators.find((i) => i.code === code)?.pct ?? -1)) : [];

  return (
    <div class="pws">
      <h1 tabIndex={-1}>
        {t("pws.title")}
        {d ? ` — ${d.name}` : ""}
      </h1>
      {table.loading && !d && <Loading />}
      {table.error && <ErrorBox error={table.error} retry={table.reload} />}
      {d && (
        <>
          <p class="muted print-block">
            {t("pws.period")}: {d.period}
            {d.parent?.region && (
              <span class="no-print">
                {" · "}
                <Link href={href(d.parent.region ?? "", d.period, code)}>
                  {t("pws.up")}: {d.parent.name}
                </Link>
              </span>
            )}
          </p>
          <div class="pws-controls no-print">
            <div class="field">
              <label for="pws-period">{t("pws.period")}</label>
              <input id="pws-period" type="month" value={d.period} onChange={(e) => e.currentTarget.value && go(d.region, e.currentTarget.value, code)} />
            </div>
            <div class="field">
              <label for="pws-indicator">{t("pws.indicator")}</label>
              <select id="pws-indicator" value={code} onChange={(e) => go(d.region, d.period, e.currentTarget.value)}>
                {d.indicators.map((i) => (
                  <option key={i.code} value={i.code}>
                    {lang === "id" ? i.name : (i.name_en ?? i.name)}
                  </option>
                ))}
              </select>
            </div>
            <p>
              <a href={`/api/v1/pws?${new URLSearchParams({ region: d.region, period: d.period, format: "xlsx" })}`}>{t("pws.xlsx")}</a>
              {" · "}
              <button type="button" onClick={() => window.print()}>
                {t("pws.print")}
              </button>
            </p>
          </div>
          {!hasData && <p class="muted" data-testid="pws-empty">{t("pws.empty")}</p>}
          <ul class="pws-cards" data-testid="pws-cards">
            {d.indicators.map((i) => (
              <li key={i.code} class={`pws-card status-${i.status ?? "none"}${i.code === code ? " chosen" : ""}`} data-code={i.code}>
                <Link href={href(d.region, d.period, i.code)}>
                  <span class="pws-name">{lang === "id" ? i.name : (i.name_en ?? i.name)}</span>
                  <strong class="pws-pct">{pctText(lang, i.pct)}</strong>
                  <span class="pws-frac">
                    {i.numerator === null ? "—" : fmtInt(lang, i.numerator)} / {i.denominator === null ? "—" : fmtInt(lang, i.denominator)}
                    {i.denominator_estimated ? "*" : ""}
                  </span>
                  <span class="pws-target">
                    {t("pws.target")} {pctText(lang, i.target_to_date_pct ?? i.target_pct)}
                    {i.status ? ` · ${t(`pws.status.${i.status}` as any)}` : ""}
                  </span>
                </Link>
              </li>
            ))}
          </ul>
          <p class="muted small">{t("pws.estimatedNote")}</p>
          {chosen && (
            <section>
              <h2>{lang === "id" ? chosen.name : (chosen.name_en ?? chosen.name)}</h2>
              {trend.data && trend.data.series.length > 0 && <TrendChart trend={trend.data} />}
              <h3>{t("pws.league")}</h3>
              {rows.length === 0 ? (
                <p class="muted">{t("pws.noChildren")}</p>
              ) : (
                <div class="table-wrap">
                  <table class="list pws-league" data-testid="pws-league">
                    <thead>
                      <tr>
                        <th scope="col">{t("pws.area")}</th>
                        <th scope="col" class="num">
                          {t("pws.numerator")}
                        </th>
                        <th scope="col" class="num">
                          {t("pws.denominator")}
                        </th>
                        <th scope="col" class="num">
                          %
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {rows.map((c) => {
                        const f = c.indicators.find((i) => i.code === code)!;
                        return (
                          <tr key={c.region} class={`status-${f.status ?? "none"}`}>
                            <td data-label={t("pws.area")}>
                              <Link href={href(c.region, d.period, code)}>{c.name}</Link>
                            </td>
                            <td data-label={t("pws.numerator")} class="num">
                              <Link href={href(c.region, d.period, code)}>{f.numerator === null ? "—" : fmtInt(lang, f.numerator)}</Link>
                            </td>
                            <td data-label={t("pws.denominator")} class="num">
                              {f.denominator === null ? "—" : fmtInt(lang, f.denominator)}
                            </td>
                            <td data-label="%" class="num">
                              <span class="dot" style={{ background: kColors[f.status ?? ""] ?? "#9ca3af" }} aria-hidden="true" /> {pctText(lang, f.pct)}
                            </td>
                          </tr>
                        );
                      })}
                    </tbody>
                  </table>
                </div>
              )}
              {chosen.code !== "jkn" && (
                <div class="no-print">
                  <p>
                    <button type="button" onClick={() => setWhich("counted")} data-testid="pws-counted">
                      {t("pws.counted")}
                    </button>{" "}
                    {!chosen.denominator_estimated && (
                      <button type="button" onClick={() => setWhich("missing")} data-testid="pws-missing">
                        {t("pws.missing")}
                      </button>
                    )}
                  </p>
                  {which && <People key={`${d.region}-${code}-${d.period}-${which}`} region={d.region} indicator={code} period={d.period} which={which} />}
                </div>
              )}
            </section>
          )}
        </>
      )}
    </div>
  );
}
