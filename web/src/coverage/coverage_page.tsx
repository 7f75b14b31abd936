// JKN coverage: the table of a region and its children (drill-down to RW), the naive ratio
// explained, segments and age groups, a map of kelurahan coloured by coverage, and worklist
// downloads (docs/coverage.md).
import { useEffect, useRef } from "preact/hooks";
import { useI18n } from "../i18n";
import { fmtInt, fmtPct } from "../format";
import { Link } from "../router";
import { ErrorBox, isNotFound, Loading, NotFound, useApi } from "../components/status";
import { loadMapSettings } from "../components/settings_store";
import { useCovText, useJknWords } from "./strings";

export interface AreaCoverage {
  region: string;
  name: string;
  level: string;
  residents: number;
  members_linked: number;
  members_active: number;
  coverage_pct: number;
  active_pct: number;
  naive_pct: number | null;
  members_registered: number;
  members_not_resident: number;
  members_elsewhere: number;
  not_resident: { died: number; moved_out: number; unlinked: number };
  uncovered: number;
  inactive: number;
  enrol_cost_month: number;
  uhc_status: string;
  lat?: number | null;
  lon?: number | null;
}

interface CoverageView extends AreaCoverage {
  snapshot: string;
  path: { region: string; name: string }[];
  children: AreaCoverage[];
  segments: { segment: string; members_linked: number; members_active: number; share_pct: number }[];
  age_groups: { group: string; residents: number; members_linked: number; coverage_pct: number; active_pct: number }[];
}

// Red below 95 %, amber to 98 %, green at UHC.
// Blue for UHC, then amber, orange and dark red: told apart by lightness as well as hue (so also
// with red-green colour blindness), each at least 4.5:1 against white for text.
const kBands: { min: number; color: string; label: string }[] = [
  { min: 98, color: "#1d4ed8", label: "≥ 98 %" },
  { min: 95, color: "#a16207", label: "95–98 %" },
  { min: 90, color: "#c2410c", label: "90–95 %" },
  { min: -Infinity, color: "#7f1d1d", label: "< 90 %" },
];

export function coverageColor(pct: number): string {
  return kBands.find((b) => pct >= b.min)!.color;
}

function CoverageLegend() {
  const c = useCovText();
  return (
    <ul class="legend" aria-label={c("legend")} data-testid="coverage-legend">
      {kBands.map((b) => (
        <li key={b.label}>
          <span class="swatch" style={{ background: b.color }} aria-hidden="true" />
          {b.label}
        </li>
      ))}
    </ul>
  );
}

// Two decimals: 99.13 % and 98.87 % must not both read "99 %".
function pct(lang: "id" | "en", x: number | null) {
  if (x === null || x === undefined) return "—";
  return new Intl.NumberFormat(lang === "id" ? "id-ID" : "en-GB", { style: "percent", minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(x / 100);
}

const kCards = { display: "grid", gridTemplateColumns: "repeat(auto-fit, minmax(10rem, 1fr))", gap: "0.75rem", margin: "1rem 0" };
const kLabel = { display: "block" };

export function CoveragePage({ region }: { region: string | null }) {
  const { lang } = useI18n();
  const c = useCovText();
  const words = useJknWords();
  const q = region ? `?region=${encodeURIComponent(region)}` : "";
  const view = useApi<CoverageView>(`/coverage${q}`);
  if (view.loading && !view.data) return <Loading />;
  if (view.error) {
    if (isNotFound(view.error)) return <NotFound />;
    return (
      <section>
        <h1 tabIndex={-1}>{c("title")}</h1>
        <ErrorBox error={view.error} retry={view.reload} />
      </section>
    );
  }
  const v = view.data!;
  const row = (a: AreaCoverage, link: boolean) => (
    <tr key={a.region} data-region={a.region}>
      <th scope="row">
        {link ? <Link href={`/coverage?region=${a.region}`}>{a.name}</Link> : a.name}
      </th>
      <td class="num">{fmtInt(lang, a.residents)}</td>
      <td class="num">{fmtInt(lang, a.members_linked)}</td>
      <td class="num" style={{ color: coverageColor(a.coverage_pct) }}>
        {pct(lang, a.coverage_pct)}
      </td>
      <td class="num">{pct(lang, a.active_pct)}</td>
      <td class="num">{pct(lang, a.naive_pct)}</td>
      <td class="num">{fmtInt(lang, a.members_not_resident)}</td>
      <td class="num">{fmtInt(lang, a.uncovered)}</td>
      <td class="num">{fmtInt(lang, a.inactive)}</td>
      <td>{c(a.uhc_status as any)}</td>
    </tr>
  );
  const worklist = (format: string) => `/api/v1/coverage/worklist?region=${encodeURIComponent(v.region)}&format=${format}`;
  return (
    <section class="coverage" data-testid="coverage">
      <nav class="crumbs" aria-label={c("region")}>
        {v.path.map((p) => (
          <span key={p.region}>
            <Link href={`/coverage?region=${p.region}`}>{p.name}</Link> ›{" "}
          </span>
        ))}
      </nav>
      <h1 tabIndex={-1}>
        {c("title")} — {v.name}
      </h1>
      <p class="muted">
        {c("snapshot")} {v.snapshot} · <Link href={`/coverage/review?region=${v.region}`}>{c("review")}</Link>
      </p>
      <div class="cards" style={kCards}>
        <div class="card">
          <small style={kLabel}>{c("coverage")}</small>
          <strong data-testid="coverage-pct" style={{ color: coverageColor(v.coverage_pct) }}>
            {pct(lang, v.coverage_pct)}
          </strong>
        </div>
        <div class="card">
          <small style={kLabel}>{c("active_pct")}</small>
          <strong>{pct(lang, v.active_pct)}</strong>
        </div>
        <div class="card">
          <small style={kLabel}>{c("naive")}</small>
          <strong data-testid="naive-pct">{pct(lang, v.naive_pct)}</strong>
        </div>
        <div class="card">
          <small style={kLabel}>{c("status")}</small>
          <strong>{c(v.uhc_status as any)}</strong>
        </div>
        <div class="card">
          <small style={kLabel}>{c("cost")}</small>
          <strong>Rp {fmtInt(lang, v.enrol_cost_month)}</strong>
        </div>
      </div>
      <p data-testid="naive-explained">
        {c("explain", { died: fmtInt(lang, v.not_resident.died), moved: fmtInt(lang, v.not_resident.moved_out), unlinked: fmtInt(lang, v.not_resident.unlinked), elsewhere: fmtInt(lang, v.members_elsewhere) })}
      </p>
      <p>
        {c("worklist")}: <a href={worklist("xlsx")}>XLSX</a> · <a href={worklist("csv")}>CSV</a>
      </p>
      <div class="table-wrap">
        <table class="data">
          <thead>
            <tr>
              <th scope="col">{c("region")}</th>
              <th scope="col">{c("residents")}</th>
              <th scope="col">{c("linked")}</th>
              <th scope="col">{c("coverage")}</th>
              <th scope="col">{c("active_pct")}</th>
              <th scope="col">{c("naive")}</th>
              <th scope="col">{c("not_resident")}</th>
              <th scope="col">{c("uncovered")}</th>
              <th scope="col">{c("inactive")}</th>
              <th scope="col">{c("status")}</th>
            </tr>
          </thead>
          <tbody>
            {row(v, false)}
            {v.children.map((ch) => row(ch, true))}
          </tbody>
        </table>
      </div>
      {(v.level === "city" || v.level === "district" || v.level === "scope") && <VillageMap region={v.region} />}
      <div class="two" style={{ display: "grid", gridTemplateColumns: "repeat(auto-fit, minmax(20rem, 1fr))", gap: "1.5rem" }}>
        <div>
          <h2>{c("segments")}</h2>
          <table class="data">
            <thead>
              <tr>
                <th scope="col">{c("segment")}</th>
                <th scope="col">{c("linked")}</th>
                <th scope="col">{c("active")}</th>
              </tr>
            </thead>
            <tbody>
              {v.segments.map((s) => (
                <tr key={s.segment}>
                  <th scope="row">{words.segment(s.segment)}</th>
                  <td class="num">{fmtInt(lang, s.members_linked)}</td>
                  <td class="num">{fmtInt(lang, s.members_active)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div>
          <h2>{c("ages")}</h2>
          <table class="data">
            <thead>
              <tr>
                <th scope="col">{c("group")}</th>
                <th scope="col">{c("residents")}</th>
                <th scope="col">{c("coverage")}</th>
                <th scope="col">{c("active_pct")}</th>
              </tr>
            </thead>
            <tbody>
              {v.age_groups.map((g) => (
                <tr key={g.group}>
                  <th scope="row">{g.group}</th>
                  <td class="num">{fmtInt(lang, g.residents)}</td>
                  <td class="num">{pct(lang, g.coverage_pct)}</td>
                  <td class="num">{pct(lang, g.active_pct)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </section>
  );
}

function VillageMap({ region }: { region: string }) {
  const { lang } = useI18n();
  const c = useCovText();
  const data = useApi<{ items: AreaCoverage[] }>(`/coverage/map?region=${encodeURIComponent(region)}`);
  const el = useRef<HTMLDivElement>(null);
  const settings = loadMapSettings();
  const placed = (data.data?.items ?? []).filter((a) => typeof a.lat === "number" && typeof a.lon === "number");
  useEffect(() => {
    let map: any = null;
    let disposed = false;
    if (placed.length === 0) return;
    import("../components/leaflet_setup").then(({ L }) => {
      if (disposed || !el.current) return;
      map = L.map(el.current, { attributionControl: !!settings.tileUrl, zoomSnap: 0.25 });
      if (settings.tileUrl) L.tileLayer(settings.tileUrl, { attribution: settings.attribution, maxZoom: 19 }).addTo(map);
      const bounds = L.latLngBounds([]);
      const max = Math.max(...placed.map((a) => a.residents), 1);
      for (const a of placed) {
        const ll = L.latLng(a.lat as number, a.lon as number);
        bounds.extend(ll);
        L.circleMarker(ll, {
          radius: 6 + 14 * Math.sqrt(a.residents / max),
          color: "#fff",
          weight: 1,
          fillColor: coverageColor(a.coverage_pct),
          fillOpacity: 0.85,
        })
          .bindTooltip(`${a.name}: ${fmtPct(lang, a.coverage_pct / 100)} (${fmtInt(lang, a.uncovered)} ${c("uncovered").toLowerCase()})`)
          .on("click", () => {
            location.href = `/coverage?region=${a.region}`;
          })
          .addTo(map);
      }
      map.fitBounds(bounds, { padding: [16, 16], maxZoom: 15 });
      // The kelurahan are links in the table above; the dots stay out of the Tab order.
      el.current.querySelectorAll(".leaflet-interactive").forEach((p) => p.setAttribute("tabindex", "-1"));
      el.current.dataset.markers = String(placed.length);
    });
    return () => {
      disposed = true;
      map?.remove();
    };
  }, [data.data, lang]);
  if (data.loading) return <Loading />;
  if (placed.length === 0) return <p class="muted">{c("map_nocoords")}</p>;
  return (
    <div class="map-wrap">
      <h2>{c("map")}</h2>
      <div ref={el} class={settings.tileUrl ? "map" : "map plain"} data-testid="coverage-map" role="region" aria-label={c("map")} aria-describedby="coverage-map-note" />
      <CoverageLegend />
      <p id="coverage-map-note" class="muted small">
        {c("map_note")}
      </p>
    </div>
  );
}
