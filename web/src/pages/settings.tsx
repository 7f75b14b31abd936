// Settings kept in this browser: language and the map tile server (none by default).
import { useState } from "preact/hooks";
import { useI18n } from "../i18n";
import { loadMapSettings, saveMapSettings } from "../components/settings_store";

export function SettingsPage() {
  const { t, lang, setLang } = useI18n();
  const [s, setS] = useState(loadMapSettings);
  const [saved, setSaved] = useState(false);
  const submit = (e: Event) => {
    e.preventDefault();
    saveMapSettings({ tileUrl: s.tileUrl.trim(), attribution: s.attribution.trim() });
    setSaved(true);
  };
  return (
    <div class="settings">
      <h1 tabIndex={-1}>{t("settings.title")}</h1>
      <form class="card form" onSubmit={submit}>
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
    </div>
  );
}
