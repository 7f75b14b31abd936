// Settings: the language (kept in this browser), one's own password and sessions (on the
// server), and for the Dinkes admin the map tile server (kept in this browser; none by default).
import { useState } from "preact/hooks";
import { api, ApiError, type Me, type SessionInfo } from "../api";
import { useI18n } from "../i18n";
import { fieldErrorText } from "../format";
import { loadMapSettings, saveMapSettings } from "../components/settings_store";
import { ErrorBox, Loading, useApi } from "../components/status";

export function SettingsPage({ me }: { me: Me }) {
  const { t, lang, setLang } = useI18n();
  return (
    <div class="settings">
      <h1 tabIndex={-1}>{t("settings.title")}</h1>
      <div class="card form">
        <div class="field">
          <label for="s-lang">{t("settings.language")}</label>
          <select id="s-lang" value={lang} onChange={(e) => setLang(e.currentTarget.value as "id" | "en")}>
            <option value="id" lang="id">
              Bahasa Indonesia
            </option>
            <option value="en" lang="en">
              English
            </option>
          </select>
        </div>
      </div>
      <PasswordForm />
      <Sessions />
      {me.role === "dinkes_admin" && <MapSettings />}
    </div>
  );
}

function PasswordForm() {
  const { t, lang } = useI18n();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [error, setError] = useState<{ field: string | null; text: string } | null>(null);
  const [done, setDone] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    setDone(false);
    try {
      await api("POST", "/me/password", { current_password: current, new_password: next });
      setCurrent("");
      setNext("");
      setDone(true);
    } catch (err) {
      setError({ field: err instanceof ApiError ? err.field : null, text: fieldErrorText(lang, err) });
    }
  };
  const fieldError = (field: string) =>
    error?.field === field ? (
      <p class="field-error" id={`pw-${field}-error`} role="alert">
        {error.text}
      </p>
    ) : null;
  return (
    <form class="card form" onSubmit={submit} aria-labelledby="pw-h" data-testid="password-form">
      <h2 id="pw-h">{t("settings.password")}</h2>
      <div class={error?.field === "current_password" ? "field invalid" : "field"}>
        <label for="pw-current">{t("settings.password.current")}</label>
        <input id="pw-current" type="password" required autocomplete="current-password" value={current} onInput={(e) => setCurrent(e.currentTarget.value)} aria-describedby={error?.field === "current_password" ? "pw-current_password-error" : undefined} />
        {fieldError("current_password")}
      </div>
      <div class={error?.field === "new_password" ? "field invalid" : "field"}>
        <label for="pw-new">{t("settings.password.new")}</label>
        <input id="pw-new" type="password" required autocomplete="new-password" value={next} onInput={(e) => setNext(e.currentTarget.value)} aria-describedby={`pw-hint${error?.field === "new_password" ? " pw-new_password-error" : ""}`} />
        <p id="pw-hint" class="muted small">
          {t("users.passwordHint")}
        </p>
        {fieldError("new_password")}
      </div>
      {error && error.field !== "current_password" && error.field !== "new_password" && (
        <div class="error" role="alert">
          {error.text}
        </div>
      )}
      <button type="submit" class="primary">
        {t("settings.password.submit")}
      </button>
      {done && (
        <p role="status" class="ok">
          {t("settings.password.done")}
        </p>
      )}
    </form>
  );
}

function Sessions() {
  const { t, lang } = useI18n();
  const list = useApi<{ items: SessionInfo[] }>("/me/sessions");
  const [ended, setEnded] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const endOthers = async () => {
    setError(null);
    try {
      const r = await api<{ ended: number }>("DELETE", "/me/sessions");
      setEnded(r.ended);
      list.reload();
    } catch (e) {
      setError(e);
    }
  };
  const when = (iso: string) => new Date(iso).toLocaleString(lang === "id" ? "id-ID" : "en-GB", { dateStyle: "medium", timeStyle: "short" });
  return (
    <section class="card" aria-labelledby="ss-h" data-testid="sessions">
      <h2 id="ss-h">{t("settings.sessions")}</h2>
      {list.loading && !list.data && <Loading />}
      {list.error && <ErrorBox error={list.error} retry={list.reload} />}
      {list.data && (
        <ul class="plain">
          {list.data.items.map((s) => (
            <li key={s.id}>
              {t("settings.sessions.since", { at: when(s.created_at) })}
              {s.current && <strong> · {t("settings.sessions.current")}</strong>}
            </li>
          ))}
        </ul>
      )}
      <button type="button" onClick={endOthers} disabled={!list.data || list.data.items.length < 2}>
        {t("settings.sessions.endOthers")}
      </button>
      {ended !== null && (
        <p role="status" class="ok">
          {t("settings.sessions.ended", { n: ended })}
        </p>
      )}
      {error !== null && <ErrorBox error={error} />}
    </section>
  );
}

function MapSettings() {
  const { t } = useI18n();
  const [s, setS] = useState(loadMapSettings);
  const [saved, setSaved] = useState(false);
  const submit = (e: Event) => {
    e.preventDefault();
    saveMapSettings({ tileUrl: s.tileUrl.trim(), attribution: s.attribution.trim() });
    setSaved(true);
  };
  return (
    <form class="card form" onSubmit={submit} aria-labelledby="map-h">
      <h2 id="map-h">{t("settings.map")}</h2>
      <div class="field">
        <label for="s-tiles">{t("settings.tiles")}</label>
        <input id="s-tiles" type="url" value={s.tileUrl} aria-describedby="s-tiles-hint" onInput={(e) => (setS({ ...s, tileUrl: e.currentTarget.value }), setSaved(false))} />
        <p id="s-tiles-hint" class="muted small">
          {t("settings.tiles.hint")}
        </p>
      </div>
      <div class="field">
        <label for="s-attr">{t("settings.tiles.attr")}</label>
        <input id="s-attr" value={s.attribution} onInput={(e) => (setS({ ...s, attribution: e.currentTarget.value }), setSaved(false))} />
      </div>
      <button type="submit" class="primary">
        {t("common.save")}
      </button>
      {saved && (
        <p role="status" class="ok">
          {t("settings.saved")}
        </p>
      )}
    </form>
  );
}
