// Leaflet map of facilities as vector circle markers (no marker images). Without a tile URL the
// markers sit on a plain background, so the map works with no tile server reachable.
import { useEffect, useRef } from "preact/hooks";
import type { Facility } from "../api";
import { useI18n } from "../i18n";
import { facilityTypeLabel } from "../format";
import { loadMapSettings } from "./settings_store";

export const kTypeColors: Record<string, string> = {
  dinkes: "#6b21a8",
  puskesmas: "#b91c1c",
  pustu: "#c2410c",
  posyandu: "#15803d",
  hospital: "#1d4ed8",
  clinic: "#0e7490",
  practice: "#4d7c0f",
};

export function typeColor(type: string): string {
  return kTypeColors[type.toLowerCase()] ?? "#475569";
}

const kRadius: Record<string, number> = { hospital: 9, puskesmas: 8, dinkes: 8, pustu: 6, posyandu: 4 };

export function FacilityMap({ facilities }: { facilities: Facility[] }) {
  const { t, lang } = useI18n();
  const el = useRef<HTMLDivElement>(null);
  const placed = facilities.filter((f) => typeof f.lat === "number" && typeof f.lon === "number");
  const settings = loadMapSettings();

  useEffect(() => {
    let map: any = null;
    let disposed = false;
    import("./leaflet_setup").then(({ L }) => {
      if (disposed || !el.current || placed.length === 0) return;
      map = L.map(el.current, { attributionControl: !!settings.tileUrl, zoomSnap: 0.25 });
      if (settings.tileUrl) {
        L.tileLayer(settings.tileUrl, { attribution: settings.attribution, maxZoom: 19 }).addTo(map);
      }
      const bounds = L.latLngBounds([]);
      // Small markers first so puskesmas and hospitals stay on top.
      const ordered = [...placed].sort((a, b) => (kRadius[a.type] ?? 5) - (kRadius[b.type] ?? 5));
      for (const f of ordered) {
        const ll = L.latLng(f.lat as number, f.lon as number);
        bounds.extend(ll);
        const c = typeColor(f.type);
        L.circleMarker(ll, { radius: kRadius[f.type] ?? 5, color: "#fff", weight: 1, fillColor: c, fillOpacity: 0.9 })
          .bindTooltip(`${f.name} (${facilityTypeLabel(lang, f.type)})`)
          .addTo(map);
      }
      map.fitBounds(bounds, { padding: [16, 16], maxZoom: 16 });
      // Tooltips make every marker focusable; the facility table is the keyboard's way in, so
      // the map costs one Tab stop instead of one per facility.
      el.current.querySelectorAll(".leaflet-interactive").forEach((p) => p.setAttribute("tabindex", "-1"));
      el.current.dataset.markers = String(placed.length);
    });
    return () => {
      disposed = true;
      map?.remove();
    };
  }, [facilities, lang]);

  if (placed.length === 0) return <p class="muted">{t("overview.map.nocoords")}</p>;
  return (
    <div class="map-wrap">
      <div ref={el} class={settings.tileUrl ? "map" : "map plain"} data-testid="facility-map" role="region" aria-label={t("overview.map")} aria-describedby="facility-map-note" />
      <ul class="legend" aria-label={t("overview.map.legend")} data-testid="facility-legend">
        {[...new Set(placed.map((f) => f.type))]
          .sort((a, b) => (kRadius[b] ?? 5) - (kRadius[a] ?? 5))
          .map((type) => (
            <li key={type}>
              <span class="swatch round" style={{ background: typeColor(type) }} aria-hidden="true" />
              {facilityTypeLabel(lang, type)}
            </li>
          ))}
      </ul>
      <p id="facility-map-note" class="muted small">
        {t("overview.map.note")}
        {!settings.tileUrl && ` ${t("overview.map.notiles")}`}
      </p>
    </div>
  );
}
