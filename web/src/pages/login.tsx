import { useEffect, useState } from "preact/hooks";
import { api, ApiError, type Me } from "../api";
import { useI18n, type Key } from "../i18n";
import { errorText } from "../format";

export function LoginPage({ onLogin, notice }: { onLogin: (m: Me) => void; notice: Key | null }) {
  const { t, lang, setLang } = useI18n();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // While the user types, fetch the overview's chart code, so the first chart after login does
  // not wait for it on a slow connection.
  useEffect(() => {
    const t = setTimeout(() => void import("../components/echarts_setup"), 300);
    return () => clearTimeout(t);
  }, []);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const me = await api<Me>("POST", "/session", { username: username.trim(), password });
      onLogin(me);
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) setError(t("login.bad"));
      else if (err instanceof ApiError && err.status === 429) setError(t("login.rate", { s: err.retryAfter ?? 30 }));
      // A disabled account: the server's own words say so and whom to ask.
      else if (err instanceof ApiError && err.status === 403 && err.message) setError(err.message);
      else setError(errorText(lang, err));
      setBusy(false);
    }
  };

  return (
    <main id="main" class="login">
      <div class="login-card">
        <p class="logo big">siklus</p>
        <p class="tagline">{t("app.tagline")}</p>
        <h1 tabIndex={-1}>{t("login.title")}</h1>
        {notice && !error && (
          <p class="notice" role="status">
            {t(notice)}
          </p>
        )}
        <form onSubmit={submit} noValidate={false}>
          <label for="username">{t("login.username")}</label>
          <input id="username" name="username" autocomplete="username" autocapitalize="none" spellcheck={false} required value={username} onInput={(e) => setUsername(e.currentTarget.value)} />
          <label for="password">{t("login.password")}</label>
          <input id="password" name="password" type="password" autocomplete="current-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
          {error && (
            <p class="error" role="alert" data-testid="login-error">
              {error}
            </p>
          )}
          <button type="submit" class="primary" disabled={busy}>
            {busy ? t("login.busy") : t("login.submit")}
          </button>
        </form>
        <button type="button" class="link lang" lang={lang === "id" ? "en" : "id"} aria-label={t("lang.switch.label")} onClick={() => setLang(lang === "id" ? "en" : "id")}>
          {t("lang.switch")}
        </button>
      </div>
    </main>
  );
}
