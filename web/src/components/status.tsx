// Loading, error and not-found states shared by pages, plus the data-fetching hook.
import { useEffect, useState } from "preact/hooks";
import { api, ApiError } from "../api";
import { useI18n } from "../i18n";
import { errorText } from "../format";
import { Link } from "../router";

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

// GETs `path` (skipped when null) and refetches when it changes; stale answers are dropped.
export function useApi<T>(path: string | null): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: path !== null });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (path === null) {
      setState({ loading: false });
      return;
    }
    let live = true;
    setState((s) => ({ data: s.data, loading: true }));
    api<T>("GET", path).then(
      (data) => live && setState({ data, loading: false }),
      (error) => live && setState({ error, loading: false }),
    );
    return () => {
      live = false;
    };
  }, [path, tick]);
  return { data: state.data, error: state.error, loading: state.loading, reload: () => setTick((n) => n + 1) };
}

export function Loading() {
  const { t } = useI18n();
  return (
    <p class="loading" role="status">
      {t("common.loading")}
    </p>
  );
}

export function NotFound({ page = false }: { page?: boolean }) {
  const { t } = useI18n();
  return (
    <section class="notfound" data-testid="not-found">
      <h1 tabIndex={-1}>{t("notfound.title")}</h1>
      <p>{page ? t("notfound.page") : t("notfound.text")}</p>
      <p>
        <Link href="/">{t("nav.overview")}</Link>
      </p>
    </section>
  );
}

export function ErrorBox({ error, retry }: { error: unknown; retry?: () => void }) {
  const { t, lang } = useI18n();
  return (
    <div class="error" role="alert">
      <p>{errorText(lang, error)}</p>
      {retry && (
        <button type="button" onClick={retry}>
          {t("common.retry")}
        </button>
      )}
    </div>
  );
}

export function isNotFound(e: unknown): boolean {
  return e instanceof ApiError && e.status === 404;
}
