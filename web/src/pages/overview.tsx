// City (or scope) overview: headline numbers, population pyramid, residents per child region with
// drill-down, facilities table and map.
import { useEffect, useMemo, useState } from "preact/hooks";
import type { Facility, Me, PopulationStats, Region } from "../api";
import { useI18n } from "../i18n";
import { facilityTypeLabel, fmtInt, fmtPct, typeRank } from "../format";
import { Link } from "../router";
import { ErrorBox, isNotFound, Loading, NotFound, useApi } from "../components/status";
import { Pyramid } from "../components/pyramid";
import { FacilityMap, typeColor } from "../components/facility_map";

export function OverviewPage({ me, region }: { me: Me; region: string | null }) {
  const { t } = useI18n();
  const root = useApi<Region>("/regions/me");
  const sub = useApi<Region>(region ? `/regions/${encodeURIComponent(region)}` : null);
  const reg = region ? sub : root;
  const code = reg.data?.code ?? null;
  // Fetch the chart and map code while the numbers load, not after.
  useEffect(() => {
    import("../components/echarts_setup");
    import("../components/leaflet_setup");
  }, []);
  // The user's own area needs no region code: both lists are asked for at once, beside the region,
  // so a phone on 3G waits one round trip for the numbers instead of two.
  const stats = useApi<PopulationStats>(region ? (code ? `/stats/population?region=${encodeURIComponent(code)}` : null) : "/stats/population");
  const facs = useApi<{ items: Facility[] }>(region ? (code ? `/facilities?region=${encodeURIComponent(code)}` : null) : "/facilities");

  if (reg.error) return isNotFound(reg.error) ? <NotFound /> : <ErrorBox error={reg.error} retry={reg.reload} />;
  const r = reg.data;
  const rootCode = root.data?.code;
  const up = r && region && r.parent && rootCode && r.code !== rootCode ? r.parent : null;

  return (
    <div class="overview">
      <div class="page-head">
        <h1 tabIndex={-1}>{r ? r.name : t("overview.title")}</h1>
        {r && !region && me.scope_name && me.scope_name !== r.name && (
          <span class="muted" data-testid="scope-name">
            {t("overview.scope", { name: me.scope_name })}
          </span>
        )}
        {up && (
          <Link class="up" href={up.code === rootCode ? "/" : `/?region=${up.code}`}>
            ↑ {t("overview.up", { name: up.name })}
          </Link>
        )}
      </div>
      {!r || (stats.loading && !stats.data) ? (
        <Loading />
      ) : (
        <>
          {stats.error ? <ErrorBox error={stats.error} retry={stats.reload} /> : stats.data && <Headline s={stats.data} />}
          <div class="grid2">
            {stats.data?.pyramid && stats.data.pyramid.length > 0 && (
              <section class="card">
                <Pyramid bands={stats.data.pyramid} />
              </section>
            )}
            {r.children.length > 0 && (
              <section class="card">
                <Children region={r} />
              </section>
            )}
          </div>
          <section class="card" aria-labelledby="fac-h">
            <h2 id="fac-h">{t("overview.facilities")}</h2>
            {facs.error ? <ErrorBox error={facs.error} retry={facs.reload} /> : facs.data ? <Facilities items={facs.data.items} /> : <Loading />}
          </section>
        </>
      )}
    </div>
  );
}

function Headline({ s }: { s: PopulationStats }) {
  const { t, lang } = useI18n();
  const items: [string, number | undefined, string][] = [
    [t("overview.residents"), s.residents, "residents"],
    [t("overview.male"), s.male, "male"],
    [t("overview.female"), s.female, "female"],
    [t("overview.households"), s.households, "households"],
  ];
  return (
    <dl class="headline">
      {items
        .filter(([, v]) => v !== undefined)
        .map(([label, v, id]) => (
          <div key={id} data-testid={`stat-${id}`}>
            <dt>{label}</dt>
            <dd>{fmtInt(lang, v)}</dd>
          </div>
        ))}
    </dl>
  );
}

function Children({ region }: { region: Region }) {
  const { t, tr, lang } = useI18n();
  const kids = region.children;
  const level = kids[0]?.level;
  const total = kids.reduce((a, k) => a + (k.residents ?? 0), 0);
  const max = Math.max(1, ...kids.map((k) => k.residents ?? 0));
  return (
    <>
      <h2 id="children-h">{t("overview.children", { level: level ? tr(`level.${level}`, level) : "" })}</h2>
      <table class="bars" aria-labelledby="children-h" data-testid="children">
        <thead>
          <tr>
            <th scope="col">{t("overview.children.name")}</th>
            <th scope="col" class="num">
              {t("overview.children.residents")}
            </th>
            <th scope="col" class="bar-col">
              <span class="sr-only">{t("overview.children.share")}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {kids.map((k) => (
            <tr key={k.code}>
              <th scope="row">
                <Link href={`/?region=${k.code}`} aria-label={t("overview.children.drill", { name: k.name })}>
                  {k.name}
                </Link>
              </th>
              <td class="num">{fmtInt(lang, k.residents)}</td>
              <td class="bar-col" aria-hidden="true">
                <span class="bar" style={{ width: `${((k.residents ?? 0) / max) * 100}%` }} />
                <small>{total > 0 ? fmtPct(lang, (k.residents ?? 0) / total) : ""}</small>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

// Fewer rows at first on a phone, where each row is a card.
const kPageRows = typeof matchMedia === "function" && matchMedia("(max-width: 640px)").matches ? 8 : 25;

function Facilities({ items }: { items: Facility[] }) {
  const { t, lang } = useI18n();
  const [type, setType] = useState("");
  const [all, setAll] = useState(false);
  const sorted = useMemo(
    () => [...items].sort((a, b) => typeRank(a.type) - typeRank(b.type) || a.name.localeCompare(b.name, "id")),
    [items],
  );
  const types = useMemo(() => {
    const m = new Map<string, number>();
    for (const f of sorted) m.set(f.type, (m.get(f.type) ?? 0) + 1);
    return [...m.entries()];
  }, [sorted]);
  const shown = useMemo(() => (type ? sorted.filter((f) => f.type === type) : sorted), [sorted, type]);
  const rows = all ? shown : shown.slice(0, kPageRows);

  return (
    <>
      <div class="filters">
        <label for="ftype">{t("overview.facilities.filter")}</label>
        <select id="ftype" value={type} onChange={(e) => (setType(e.currentTarget.value), setAll(false))}>
          <option value="">
            {t("overview.facilities.all")} ({items.length})
          </option>
          {types.map(([ty, n]) => (
            <option key={ty} value={ty}>
              {facilityTypeLabel(lang, ty)} ({n})
            </option>
          ))}
        </select>
        <span class="muted" role="status" data-testid="facility-count">
          {t("overview.facilities.count", { n: fmtInt(lang, shown.length) })}
        </span>
      </div>
      <ul class="legend" aria-hidden="true">
        {types.map(([ty]) => (
          <li key={ty}>
            <span class="dot" style={{ background: typeColor(ty) }} />
            {facilityTypeLabel(lang, ty)}
          </li>
        ))}
      </ul>
      <FacilityMap facilities={shown} />
      <div class="table-wrap">
        <table class="list" data-testid="facilities">
          <thead>
            <tr>
              <th scope="col">{t("facility.name")}</th>
              <th scope="col">{t("facility.type")}</th>
              <th scope="col">{t("facility.village")}</th>
              <th scope="col">{t("facility.address")}</th>
              <th scope="col" class="num">
                {t("facility.staff")}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((f) => (
              <tr key={f.id}>
                <td data-label={t("facility.name")}>{f.name}</td>
                <td data-label={t("facility.type")}>
                  {facilityTypeLabel(lang, f.type)}
                  {f.government === false ? ` · ${t("facility.private")}` : ""}
                </td>
                <td data-label={t("facility.village")}>
                  {f.village_name ?? "—"}
                  {f.rw ? ` · RW ${f.rw}` : ""}
                </td>
                <td data-label={t("facility.address")}>{f.address || "—"}</td>
                <td data-label={t("facility.staff")} class="num">
                  {Array.isArray(f.staff) ? f.staff.length : f.staff ?? "—"}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {!all && shown.length > kPageRows && (
        <button type="button" onClick={() => setAll(true)}>
          {t("common.showAll", { n: fmtInt(lang, shown.length) })}
        </button>
      )}
    </>
  );
}
