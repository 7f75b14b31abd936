// The link review queue: pairs the linkage engine was unsure about, side by side; accept or
// reject (audited on the server; verdicts survive re-runs).
import { useState } from "preact/hooks";
import { api } from "../api";
import type { ReviewPair as Pair, ReviewQueue as Queue, ReviewSide } from "../api";
import { useI18n } from "../i18n";
import { errorText } from "../format";
import { Link } from "../router";
import { ErrorBox, isNotFound, Loading, NotFound, useApi } from "../components/status";
import { useCovText, useJknWords } from "./strings";

/** nik (and no_kk on the person side): null when not shown to this role (the server leaves
 * identifiers out); "" when the record has none. */
type Side = ReviewSide;

export function ReviewPage({ region, page }: { region: string | null; page: number }) {
  const { lang } = useI18n();
  const c = useCovText();
  const words = useJknWords();
  const q = `?page=${page}${region ? `&region=${encodeURIComponent(region)}` : ""}`;
  const data = useApi<Queue>(`/coverage/reviews${q}`);
  const [done, setDone] = useState<Record<string, string>>({});
  const [err, setErr] = useState<string | null>(null);
  if (data.loading && !data.data) return <Loading />;
  if (data.error) {
    if (isNotFound(data.error)) return <NotFound />;
    return <ErrorBox error={data.error} retry={data.reload} />;
  }
  const d = data.data!;
  const decide = async (p: Pair, verdict: "accept" | "reject") => {
    setErr(null);
    try {
      await api("POST", `/coverage/reviews/${p.noka}/${verdict}`, { person_id: p.person_id });
      setDone((s) => ({ ...s, [p.noka]: verdict }));
    } catch (e) {
      setErr(errorText(lang, e));
    }
  };
  const side = (s: Side) => (
    <dl>
      <dt>{s.name}</dt>
      <dd>
        {s.nik === null ? c("nik_hidden") : s.nik || c("nik_missing")} · {s.sex || "?"} · {s.birth_date || "?"}
      </dd>
      <dd class="muted">
        {s.address} {s.village_code}
      </dd>
    </dl>
  );
  const base = `/coverage/review?${region ? `region=${region}&` : ""}page=`;
  return (
    <section class="review" data-testid="review">
      <h1 tabIndex={-1}>{c("review_title")}</h1>
      <p class="muted">
        <Link href={`/coverage${region ? `?region=${region}` : ""}`}>{c("title")}</Link> · {d.total}
      </p>
      {err && (
        <p class="error" role="alert">
          {err}
        </p>
      )}
      {d.items.length === 0 && <p>{c("review_empty")}</p>}
      <ul class="pairs">
        {d.items.map((p) => (
          <li key={p.noka} class="card" data-noka={p.noka}>
            <div class="two">
              <div>
                <small>
                  {c("member")} {p.noka} · {words.segment(p.segment)} · {words.status(p.member_status)}
                </small>
                {side(p.member)}
              </div>
              <div>
                <small>
                  {c("person")} <Link href={`/people/${p.person_id}`}>#{p.person_id}</Link>
                </small>
                {side(p.person)}
              </div>
            </div>
            <p>
              {c("score")} {p.score.toFixed(3)}{" "}
              {done[p.noka] ? (
                <strong>{done[p.noka] === "accept" ? c("accepted") : c("rejected")}</strong>
              ) : (
                <>
                  <button type="button" onClick={() => decide(p, "accept")}>
                    {c("accept")}
                  </button>{" "}
                  <button type="button" onClick={() => decide(p, "reject")}>
                    {c("reject")}
                  </button>
                </>
              )}
            </p>
          </li>
        ))}
      </ul>
      <p>
        {d.page > 1 && <Link href={base + (d.page - 1)}>{c("prev")}</Link>}{" "}
        {d.page * d.page_size < d.total && <Link href={base + (d.page + 1)}>{c("next")}</Link>}
      </p>
    </section>
  );
}
