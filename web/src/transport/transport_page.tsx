// Jemput Sakit Antar Sehat (issue 12): the call centre's booking screen, the dispatch board (trips
// by status, each vehicle's run, a map) and the driver's phone view. All three read and write
// through /transport/* (the same service as `siklus transport plan`).
import { useEffect, useRef, useState } from "preact/hooks";
import type { components } from "../api_types";
import { api, type Facility, type Me, type PersonSummary } from "../api";
import { useI18n, type Key } from "../i18n";
import { fmtDate } from "../format";
import { Link } from "../router";
import { ErrorBox, Loading, useApi } from "../components/status";
import { loadMapSettings } from "../components/settings_store";

type Trip = components["schemas"]["TransportTrip"];
type Plan = components["schemas"]["TransportPlan"];
type Vehicle = components["schemas"]["TransportVehicle"];
type Board = { city: string; date: string; counts: Record<string, number>; trips: Trip[]; vehicles: Vehicle[]; plan: Plan | null };
type Booked = { trips: Trip[]; plan: { inserted?: { trip: number; vehicle: string; pickup: string }[]; unassigned?: { trip: number; message: string }[] } | null };

const kStatuses = ["planned", "on_the_way", "picked_up", "delivered", "cancelled", "no_show"] as const;
// What the driver may press next, in the order of a trip's life.
const kNext: Record<string, string[]> = {
  planned: ["on_the_way", "picked_up", "no_show", "cancelled"],
  on_the_way: ["picked_up", "no_show", "cancelled"],
  picked_up: ["delivered"],
};
const kStatusColor: Record<string, string> = {
  planned: "#475569",
  on_the_way: "#9a3412",
  picked_up: "#1d4ed8",
  delivered: "#166534",
  cancelled: "#4b5563",
  no_show: "#b91c1c",
};

function todayWib(): string {
  return new Date(Date.now() + 7 * 3600 * 1000).toISOString().slice(0, 10);
}

function cityOf(me: Me): string {
  return me.role === "dinkes_admin" ? me.scope : "";
}

function StatusLabel({ status }: { status: string }) {
  const { t } = useI18n();
  return (
    <span class="badge" style={{ borderColor: kStatusColor[status], color: kStatusColor[status], background: "#fff" }}>
      {t(`transport.status.${status}` as Key)}
    </span>
  );
}

// ---- booking (call centre) ----------------------------------------------------------------------

export function BookingPage({ me }: { me: Me }) {
  const { t, lang } = useI18n();
  const [q, setQ] = useState("");
  const [found, setFound] = useState<PersonSummary[] | null>(null);
  const [person, setPerson] = useState<PersonSummary | null>(null);
  const [facilities, setFacilities] = useState<Facility[]>([]);
  const [form, setForm] = useState({ facility: "", date: todayWib(), time: "09:00", mobility: "walks", companion: false, back: "0", address: "", lat: "", lon: "" });
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<Booked | null>(null);
  const [busy, setBusy] = useState(false);
  const region = cityOf(me);
  const dests = useApi<{ items: Facility[] }>(`/facilities${region ? `?region=${encodeURIComponent(region)}` : ""}`);
  const destinations = (dests.data?.items ?? []).filter((f) => ["puskesmas", "hospital", "clinic"].includes(f.type) && typeof f.lat === "number");

  const search = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      const page = await api<{ items: PersonSummary[] }>("GET", `/people?q=${encodeURIComponent(q)}&page_size=8`);
      setFound(page.items);
    } catch (err) {
      setError(err);
    }
  };
  // The pick-up point starts at a facility of the patient's kelurahan; the call centre corrects it.
  const choose = async (p: PersonSummary) => {
    setPerson(p);
    setFound(null);
    try {
      const near = await api<{ items: Facility[] }>("GET", `/facilities?region=${encodeURIComponent(p.village_code ?? "")}`);
      const f = near.items.find((x) => typeof x.lat === "number");
      setFacilities(near.items);
      if (f) setForm((s) => ({ ...s, lat: String(f.lat), lon: String(f.lon), address: `RT ${p.rt ?? "-"} / RW ${p.rw ?? "-"}, ${p.village_name ?? ""}` }));
    } catch {
      setFacilities([]);
    }
  };
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!person) return;
    setBusy(true);
    setError(null);
    try {
      const res = await api<Booked>("POST", "/transport/trips", {
        person_id: person.id,
        facility_id: Number(form.facility),
        pickup: { address: form.address, lat: Number(form.lat), lon: Number(form.lon) },
        date: form.date,
        time: form.time,
        mobility: form.mobility,
        companion: form.companion,
        return_after_minutes: Number(form.back),
      });
      setDone(res);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const set = (k: keyof typeof form) => (e: Event) => {
    const el = e.currentTarget as HTMLInputElement;
    setForm((s) => ({ ...s, [k]: el.type === "checkbox" ? el.checked : el.value }));
  };

  return (
    <div class="transport">
      <h1 tabIndex={-1}>{t("transport.book.title")}</h1>
      <p>
        <Link href="/transport">{t("transport.board.title")}</Link> · <Link href="/transport/driver">{t("transport.driver.title")}</Link>
      </p>
      {done ? (
        <div role="status" data-testid="transport-booked">
          <p>{t("transport.book.done", { n: String(done.trips.length) })}</p>
          <ul>
            {done.trips.map((tr) => (
              <li key={tr.id}>
                #{tr.id} {tr.direction === "out" ? t("transport.out") : t("transport.back")} {tr.time} · {tr.vehicle ?? t("transport.book.waiting")}
              </li>
            ))}
          </ul>
          {(done.plan?.unassigned ?? []).map((u) => (
            <p key={u.trip} class="error">
              #{u.trip}: {u.message}
            </p>
          ))}
          <button type="button" onClick={() => { setDone(null); setPerson(null); setQ(""); }}>
            {t("transport.book.another")}
          </button>
        </div>
      ) : (
        <>
          {!person && (
            <form onSubmit={search} class="row">
              <label for="tr-q">{t("transport.book.patient")}</label>
              <input id="tr-q" value={q} onInput={(e) => setQ(e.currentTarget.value)} placeholder={t("transport.book.search")} required />
              <button type="submit">{t("transport.book.find")}</button>
            </form>
          )}
          {found && found.length === 0 && <p class="muted">{t("transport.book.nobody")}</p>}
          {found && found.length > 0 && (
            <ul class="picklist" data-testid="transport-people">
              {found.map((p) => (
                <li key={p.id}>
                  <button type="button" onClick={() => choose(p)}>
                    {p.name} · {p.village_name} · {p.birth_date ? fmtDate(lang, p.birth_date) : ""}
                  </button>
                </li>
              ))}
            </ul>
          )}
          {person && (
            <form onSubmit={submit} data-testid="transport-form">
              <p>
                <strong>{person.name}</strong> · {person.village_name}{" "}
                <button type="button" class="link" onClick={() => setPerson(null)}>
                  {t("transport.book.change")}
                </button>
              </p>
              <div class="field">
                <label for="tr-dest">{t("transport.book.destination")}</label>
                <select id="tr-dest" value={form.facility} onChange={set("facility")} required>
                  <option value="">—</option>
                  {destinations.map((f) => (
                    <option key={f.id} value={String(f.id)}>
                      {f.name}
                    </option>
                  ))}
                </select>
              </div>
              <div class="field">
                <label for="tr-date">{t("transport.book.date")}</label>
                <input id="tr-date" type="date" value={form.date} onInput={set("date")} required />
                <label for="tr-time">{t("transport.book.time")}</label>
                <input id="tr-time" type="time" value={form.time} onInput={set("time")} required />
              </div>
              <fieldset class="field">
                <legend>{t("transport.book.mobility")}</legend>
                {["walks", "wheelchair", "stretcher"].map((m) => (
                  <label key={m}>
                    <input type="radio" name="mobility" value={m} checked={form.mobility === m} onChange={set("mobility")} /> {t(`transport.mobility.${m}` as Key)}
                  </label>
                ))}
              </fieldset>
              <div class="field">
                <label>
                  <input type="checkbox" checked={form.companion} onChange={set("companion")} /> {t("transport.book.companion")}
                </label>
              </div>
              <div class="field">
                <label for="tr-back">{t("transport.book.return")}</label>
                <select id="tr-back" value={form.back} onChange={set("back")}>
                  <option value="0">{t("transport.book.noreturn")}</option>
                  {[60, 90, 120, 180].map((m) => (
                    <option key={m} value={String(m)}>
                      {t("transport.book.after", { n: String(m) })}
                    </option>
                  ))}
                </select>
              </div>
              <div class="field">
                <label for="tr-addr">{t("transport.book.address")}</label>
                <input id="tr-addr" value={form.address} onInput={set("address")} maxLength={300} />
                <label for="tr-lat">lat</label>
                <input id="tr-lat" inputMode="decimal" value={form.lat} onInput={set("lat")} required size={9} />
                <label for="tr-lon">lon</label>
                <input id="tr-lon" inputMode="decimal" value={form.lon} onInput={set("lon")} required size={9} />
                {facilities.length > 0 && <p class="muted small">{t("transport.book.pointnote")}</p>}
              </div>
              <button type="submit" disabled={busy}>
                {t("transport.book.submit")}
              </button>
            </form>
          )}
        </>
      )}
      {error !== null && <ErrorBox error={error} />}
    </div>
  );
}

// ---- dispatch board ----------------------------------------------------------------------------

function TripMap({ trips }: { trips: Trip[] }) {
  const el = useRef<HTMLDivElement>(null);
  const settings = loadMapSettings();
  useEffect(() => {
    let map: any = null;
    let disposed = false;
    import("../components/leaflet_setup").then(({ L }) => {
      if (disposed || !el.current || trips.length === 0) return;
      map = L.map(el.current, { attributionControl: !!settings.tileUrl, zoomSnap: 0.25 });
      if (settings.tileUrl) L.tileLayer(settings.tileUrl, { attribution: settings.attribution, maxZoom: 19 }).addTo(map);
      const bounds = L.latLngBounds([]);
      for (const tr of trips) {
        const a = L.latLng(tr.pickup.lat, tr.pickup.lon);
        const b = L.latLng(tr.facility.lat, tr.facility.lon);
        bounds.extend(a);
        bounds.extend(b);
        const c = kStatusColor[tr.status] ?? "#475569";
        L.polyline([a, b], { color: c, weight: 2, opacity: 0.6 }).addTo(map);
        L.circleMarker(a, { radius: 5, color: "#fff", weight: 1, fillColor: c, fillOpacity: 0.9 })
          .bindTooltip(`#${tr.id} ${tr.time} ${tr.status}`)
          .addTo(map);
      }
      map.fitBounds(bounds, { padding: [16, 16], maxZoom: 15 });
      el.current.querySelectorAll(".leaflet-interactive").forEach((p) => p.setAttribute("tabindex", "-1"));
    });
    return () => {
      disposed = true;
      map?.remove();
    };
  }, [trips]);
  return <div ref={el} class={settings.tileUrl ? "map" : "map plain"} data-testid="transport-map" role="region" aria-label="map" />;
}

export function BoardPage({ me, date }: { me: Me; date: string | null }) {
  const { t, lang } = useI18n();
  const city = cityOf(me);
  const day = date ?? todayWib();
  const [error, setError] = useState<unknown>(null);
  const board = useApi<Board>(city ? `/transport/board?region=${encodeURIComponent(city)}&date=${day}` : null);
  const replan = async () => {
    setError(null);
    try {
      await api<Plan>("POST", "/transport/plan", { region: city, date: day, version: board.data?.plan?.version ?? 0 });
      board.reload();
    } catch (err) {
      setError(err);
    }
  };
  if (!city) return <p class="muted">{t("transport.board.cityonly")}</p>;
  const b = board.data;
  return (
    <div class="transport">
      <h1 tabIndex={-1}>
        {t("transport.board.title")} — {fmtDate(lang, day)}
      </h1>
      <p>
        <Link href="/transport/book">{t("transport.book.title")}</Link> · <Link href="/transport/driver">{t("transport.driver.title")}</Link> ·{" "}
        <Link href={`/transport?date=${new Date(Date.parse(day) + 86400000).toISOString().slice(0, 10)}`}>{t("transport.board.next")}</Link>
      </p>
      {board.loading && !b && <Loading />}
      {board.error && <ErrorBox error={board.error} retry={board.reload} />}
      {error !== null && <ErrorBox error={error} />}
      {b && (
        <>
          <ul class="counts" data-testid="transport-counts">
            {kStatuses.map((s) => (
              <li key={s}>
                <StatusLabel status={s} /> {b.counts[s] ?? 0}
              </li>
            ))}
          </ul>
          {b.trips.length === 0 ? (
            <p class="muted" data-testid="transport-empty">{t("transport.board.empty")}</p>
          ) : (
            <>
              <button type="button" onClick={replan}>
                {b.plan ? t("transport.board.replan") : t("transport.board.plan")}
              </button>
              {b.plan?.routes?.map((r) => (
                <section key={r.vehicle_id} class="run" data-testid="transport-run">
                  <h2>
                    {r.vehicle} · {r.start}–{r.end}
                  </h2>
                  <ol>
                    {r.stops.map((s, i) => (
                      <li key={i}>
                        {s.start} {s.type === "pickup" ? t("transport.pickup") : t("transport.dropoff")} #{s.trip}
                      </li>
                    ))}
                  </ol>
                </section>
              ))}
              {(b.plan?.unassigned ?? []).map((u) => (
                <p key={u.trip} class="error">
                  #{u.trip}: {u.message}
                </p>
              ))}
              <TripMap trips={b.trips} />
              {/* Focusable, so the keyboard can scroll a table wider than the phone. */}
              <div class="table-wrap" tabIndex={0} role="region" aria-label={t("transport.board.title")}>
                <table>
                  <thead>
                    <tr>
                      <th>#</th>
                      <th>{t("transport.book.time")}</th>
                      <th>{t("transport.book.mobility")}</th>
                      <th>{t("transport.book.destination")}</th>
                      <th>{t("transport.vehicle")}</th>
                      <th>{t("transport.status")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {b.trips.map((tr) => (
                      <tr key={tr.id}>
                        <td>{tr.id}</td>
                        <td>
                          {tr.time} {tr.direction === "out" ? "→" : "←"}
                        </td>
                        <td>{t(`transport.mobility.${tr.mobility}` as Key)}</td>
                        <td>{tr.direction === "out" ? tr.facility.name : tr.pickup.name}</td>
                        <td>{tr.vehicle ?? "—"}</td>
                        <td>
                          <StatusLabel status={tr.status} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
        </>
      )}
    </div>
  );
}

// ---- driver's phone ----------------------------------------------------------------------------

export function DriverPage({ me }: { me: Me }) {
  const { t } = useI18n();
  const city = cityOf(me);
  const [vehicle, setVehicle] = useState("");
  const [error, setError] = useState<unknown>(null);
  const board = useApi<Board>(city ? `/transport/board?region=${encodeURIComponent(city)}&date=${todayWib()}` : null);
  if (!city) return <p class="muted">{t("transport.board.cityonly")}</p>;
  const b = board.data;
  const run = b?.plan?.routes?.find((r) => r.vehicle === vehicle);
  const byId = new Map((b?.trips ?? []).map((tr) => [tr.id, tr]));
  const update = async (id: number, status: string) => {
    setError(null);
    try {
      await api<Trip>("POST", `/transport/trips/${id}/status`, { status });
      board.reload();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <div class="transport driver">
      <h1 tabIndex={-1}>{t("transport.driver.title")}</h1>
      {board.loading && !b && <Loading />}
      {board.error && <ErrorBox error={board.error} retry={board.reload} />}
      {error !== null && <ErrorBox error={error} />}
      {b && (
        <div class="field">
          <label for="tr-vehicle">{t("transport.vehicle")}</label>
          <select id="tr-vehicle" value={vehicle} onChange={(e) => setVehicle(e.currentTarget.value)}>
            <option value="">—</option>
            {(b.plan?.routes ?? []).map((r) => (
              <option key={r.vehicle} value={r.vehicle}>
                {r.vehicle}
              </option>
            ))}
          </select>
        </div>
      )}
      {b && !b.plan && <p class="muted">{t("transport.driver.noplan")}</p>}
      {vehicle && !run && <p class="muted">{t("transport.driver.norun")}</p>}
      {run && (
        <ol class="driver-stops" data-testid="driver-stops">
          {run.stops.map((s, i) => {
            const tr = byId.get(s.trip);
            if (!tr) return null;
            const place = s.type === "pickup" ? tr.pickup : tr.facility;
            const next = s.type === "pickup" ? (kNext[tr.status] ?? []).filter((x) => x !== "delivered") : tr.status === "picked_up" ? ["delivered"] : [];
            return (
              <li key={i}>
                <p>
                  <strong>{s.start}</strong> {s.type === "pickup" ? t("transport.pickup") : t("transport.dropoff")} #{tr.id} · {t(`transport.mobility.${tr.mobility}` as Key)}
                  {tr.companion ? ` + ${t("transport.book.companion")}` : ""}
                </p>
                <p>
                  {place.address ?? place.name}{" "}
                  <a href={`https://www.openstreetmap.org/?mlat=${place.lat}&mlon=${place.lon}#map=17/${place.lat}/${place.lon}`} rel="noreferrer">
                    {t("transport.driver.map")}
                  </a>
                </p>
                <p>
                  <StatusLabel status={tr.status} />{" "}
                  {next.map((n) => (
                    <button key={n} type="button" class="big" onClick={() => update(tr.id, n)}>
                      {t(`transport.status.${n}` as Key)}
                    </button>
                  ))}
                </p>
              </li>
            );
          })}
        </ol>
      )}
    </div>
  );
}
