// Root: language, session and routes. Not logged in → the login page at any path; after login
// the same path renders, so deep links survive a login.
import type { ComponentChildren } from "preact";
import { useCallback, useEffect, useMemo, useRef, useState } from "preact/hooks";
import { api, setApiLang, setUnauthenticatedHandler, type Me } from "./api";
import { I18nContext, initialLang, lookup, saveLang, translator, useI18n, type I18n, type Key, type Lang } from "./i18n";
import { Link, navigate, useLocation } from "./router";
import { LoginPage } from "./pages/login";
import { OverviewPage } from "./pages/overview";
import { SearchPage } from "./pages/search";
import { PersonPage } from "./pages/person";
import { AddPersonPage } from "./pages/add_person";
import { SettingsPage } from "./pages/settings";
import { AuditPage } from "./pages/audit";
import { UsersPage } from "./pages/users";
import { DuePage } from "./care/due_page";
import { PwsPage } from "./monitoring/pws_page";
import { RecordPage } from "./care/record_page";
import { CoveragePage } from "./coverage/coverage_page";
import { ReviewPage } from "./coverage/review_page";
import { BoardPage, BookingPage, DriverPage } from "./transport/transport_page";
import { NotFound } from "./components/status";

export function App() {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [notice, setNotice] = useState<Key | null>(null);
  const meRef = useRef(me);
  meRef.current = me;

  setApiLang(lang);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  const i18n: I18n = useMemo(
    () => ({
      lang,
      t: translator(lang),
      tr: (key: string, raw: string) => lookup(lang, key, raw),
      setLang: (l: Lang) => {
        saveLang(l);
        setLangState(l);
      },
    }),
    [lang],
  );

  useEffect(() => {
    // A 401 after a session existed means it expired; the very first /me check is just "not
    // logged in yet" and shows no notice.
    setUnauthenticatedHandler(() => {
      if (!meRef.current) return;
      setMe(null);
      setNotice("login.expired");
    });
    api<Me>("GET", "/me")
      .then(setMe)
      .catch(() => setMe(null));
  }, []);

  const onLogin = useCallback((m: Me) => {
    setNotice(null);
    setMe(m);
    if (location.pathname === "/login") navigate("/", true);
  }, []);

  const onLogout = useCallback(async () => {
    try {
      await api("DELETE", "/session");
    } catch {
      // the session is gone either way; show the login page
    }
    setMe(null);
    navigate("/", true);
  }, []);

  return (
    <I18nContext.Provider value={i18n}>
      {me === undefined ? (
        <p class="loading" role="status">
          {i18n.t("common.loading")}
        </p>
      ) : me === null ? (
        <LoginPage onLogin={onLogin} notice={notice} />
      ) : (
        <Layout me={me} onLogout={onLogout}>
          <Routes me={me} />
        </Layout>
      )}
    </I18nContext.Provider>
  );
}

function Routes({ me }: { me: Me }) {
  const { path, query } = useLocation();
  if (path === "/" || path === "/login") return <OverviewPage me={me} region={query.get("region")} />;
  if (path === "/people") return <SearchPage me={me} q={query.get("q") ?? ""} page={Number(query.get("page") ?? 1) || 1} all={query.get("all") === "1"} />;
  if (path === "/people/new") return <AddPersonPage me={me} />;
  const m = /^\/people\/([^/]+)$/.exec(path);
  if (m) return <PersonPage id={decodeURIComponent(m[1])} />;
  if (path === "/settings") return <SettingsPage me={me} />;
  if (path === "/users") return <UsersPage me={me} />;
  if (path === "/pws") return <PwsPage region={query.get("region")} period={query.get("period")} indicator={query.get("indicator")} />;
  if (path === "/due") return <DuePage region={query.get("region")} date={query.get("date")} />;
  const rec = /^\/due\/record\/(\d+)$/.exec(path);
  if (rec)
    return <RecordPage me={me} personId={rec[1]} name={query.get("name") ?? ""} birth={query.get("birth")} due={(query.get("due") ?? "").split(",").filter(Boolean)} />;
  if (path === "/audit")
    return (
      <AuditPage
        me={me}
        filters={{ user: query.get("user") ?? "", person: query.get("person") ?? "", since: query.get("since") ?? "", until: query.get("until") ?? "", page: Number(query.get("page") ?? 1) || 1 }}
      />
    );
  if (path === "/coverage") return <CoveragePage region={query.get("region")} />;
  if (path === "/transport") return <BoardPage me={me} date={query.get("date")} />;
  if (path === "/transport/book") return <BookingPage me={me} />;
  if (path === "/transport/driver") return <DriverPage me={me} />;
  if (path === "/coverage/review") return <ReviewPage region={query.get("region")} page={Number(query.get("page") ?? 1) || 1} />;
  return <NotFound page />;
}

function Layout({ me, onLogout, children }: { me: Me; onLogout: () => void; children: ComponentChildren }) {
  const { t, lang, setLang, tr } = useI18n();
  const { path } = useLocation();

  // Move focus to the page heading on navigation, so screen readers announce the new page.
  useEffect(() => {
    const h = document.querySelector<HTMLElement>("main h1");
    h?.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }, [path]);

  const nav: [string, Key][] = [
    ["/", "nav.overview"],
    ["/people", "nav.people"],
    ["/people/new", "nav.add"],
    ["/due", "nav.due"],
    ["/pws", "nav.pws"],
    ["/coverage", "nav.coverage"],
    ["/transport", "nav.transport"],
    // Users and the audit log are the Dinkes admin's alone (the server refuses everyone else).
    ...(me.role === "dinkes_admin"
      ? ([
          ["/users", "nav.users"],
          ["/audit", "nav.audit"],
        ] as [string, Key][])
      : []),
    ["/settings", "nav.settings"],
  ];
  const current = (href: string) =>
    href === "/" ? path === "/" : href === "/coverage" ? path.startsWith("/coverage") : href === "/transport" ? path.startsWith("/transport") : href === "/due" ? path.startsWith("/due") : href === "/people" ? path === "/people" || (path.startsWith("/people/") && path !== "/people/new") : path === href;

  return (
    <>
      <a class="skip" href="#main">
        {t("nav.skip")}
      </a>
      <header class="top">
        <div class="brand">
          <Link href="/" class="logo">
            siklus
          </Link>
          <span class="who" data-testid="who">
            {me.display_name || me.username}
            <small>
              {tr(`role.${me.role}`, me.role)}
              {me.scope_name ? ` · ${me.scope_name}` : ""}
            </small>
          </span>
        </div>
        <nav aria-label={t("nav.main")}>
          <ul>
            {nav.map(([href, key]) => (
              <li key={href}>
                <Link href={href} aria-current={current(href) ? "page" : undefined}>
                  {t(key)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div class="actions">
          <button type="button" class="lang" lang={lang === "id" ? "en" : "id"} aria-label={t("lang.switch.label")} onClick={() => setLang(lang === "id" ? "en" : "id")}>
            {t("lang.switch")}
          </button>
          <button type="button" class="logout" onClick={onLogout}>
            {t("nav.logout")}
          </button>
        </div>
      </header>
      <main id="main">{children}</main>
    </>
  );
}
