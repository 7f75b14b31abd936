// Map settings, kept in the browser. Default: no tile server, so the map never reaches out to the
// internet; a city with its own tile server sets its URL here.
export interface MapSettings {
  tileUrl: string;
  attribution: string;
}

const kKey = "siklus.map";

export function loadMapSettings(): MapSettings {
  try {
    const raw = localStorage.getItem(kKey);
    if (raw) {
      const v = JSON.parse(raw);
      return { tileUrl: String(v.tileUrl ?? ""), attribution: String(v.attribution ?? "") };
    }
  } catch {
    // unreadable settings: use defaults
  }
  return { tileUrl: "", attribution: "" };
}

export function saveMapSettings(s: MapSettings) {
  localStorage.setItem(kKey, JSON.stringify(s));
}
