// Recording a weighing on a posyandu day (issue 10 item 4): one screen per person, numeric
// keyboards, the growth status at once when the server answers. The entry goes through the
// phone's outbox (outbox.ts), so it is kept and sent later when there is no signal.
import { useState } from "preact/hooks";
import type { Me } from "../api";
import { useI18n } from "../i18n";
import { Link } from "../router";
import { dismiss, enqueue, flush, newKey, useOutbox } from "./outbox";

type Field = "weight_kg" | "height_cm" | "muac_cm" | "head_cm";
const kFields: Field[] = ["weight_kg", "height_cm", "muac_cm", "head_cm"];

function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

export function RecordPage({ me, personId, name }: { me: Me; personId: string; name: string }) {
  const { t, tr } = useI18n();
  const [v, setV] = useState<Record<Field, string>>({ weight_kg: "", height_cm: "", muac_cm: "", head_cm: "" });
  const [date, setDate] = useState(today);
  const [result, setResult] = useState<{ waiting: boolean; status?: Record<string, string> } | null>(null);
  const [error, setError] = useState("");

  const submit = async (e: Event) => {
    e.preventDefault();
    setError("");
    const body: Record<string, unknown> = {
      person_id: Number(personId),
      date,
      service: "anthropometry",
      place: me.role === "kader" ? "posyandu" : "puskesmas",
    };
    if (me.role === "kader" || me.role === "nakes") body.facility_id = Number(me.scope);
    let any = false;
    for (const f of kFields) {
      const x = v[f].trim().replace(",", ".");
      if (!x) continue;
      const n = Number(x);
      if (!Number.isFinite(n)) {
        setError(t("record.notNumber", { field: t(`record.${f}`) }));
        document.getElementById(`r-${f}`)?.focus();
        return;
      }
      body[f] = n;
      any = true;
    }
    if (!any) {
      setError(t("record.nothing"));
      return;
    }
    const key = newKey();
    enqueue({ key, label: `${name || `#${personId}`} · ${date}`, body, at: new Date().toISOString() });
    const answers = await flush();
    const answer = answers[key] as { fields?: { growth?: { status?: Record<string, string> } } } | undefined;
    setResult(answer ? { waiting: false, status: answer.fields?.growth?.status } : { waiting: true });
    setV({ weight_kg: "", height_cm: "", muac_cm: "", head_cm: "" });
  };

  return (
    <div class="record">
      <h1 tabIndex={-1}>{t("record.title", { name: name || `#${personId}` })}</h1>
      <Outbox />
      {result ? (
        <section class="card" data-testid="record-result" role="status">
          {result.waiting ? (
            <p>{t("record.waiting")}</p>
          ) : (
            <>
              <p class="ok">{t("record.saved")}</p>
              {result.status && (
                <ul class="plain" data-testid="growth-status">
                  {Object.entries(result.status)
                    .filter(([, w]) => w)
                    .map(([k, w]) => (
                      <li key={k}>
                        {tr(`growth.${k}`, k)}: <strong>{tr(`growth.word.${w}`, w)}</strong>
                      </li>
                    ))}
                </ul>
              )}
            </>
          )}
          <p>
            <Link href="/due">{t("record.back")}</Link>
          </p>
        </section>
      ) : (
        <form class="card form" onSubmit={submit} data-testid="record-form">
          <div class="field">
            <label for="r-date">{t("record.date")}</label>
            <input id="r-date" type="date" required value={date} max={today()} onInput={(e) => setDate(e.currentTarget.value)} />
          </div>
          {kFields.map((f) => (
            <div class="field" key={f}>
              <label for={`r-${f}`}>{t(`record.${f}`)}</label>
              <input id={`r-${f}`} inputMode="decimal" autocomplete="off" value={v[f]} onInput={(e) => setV({ ...v, [f]: e.currentTarget.value })} />
            </div>
          ))}
          {error && (
            <p class="field-error" role="alert">
              {error}
            </p>
          )}
          <button type="submit" class="primary">
            {t("record.submit")}
          </button>
        </form>
      )}
    </div>
  );
}

// What the phone still holds: waiting entries (sent when the signal returns) and ones the server
// refused, each with its reason.
export function Outbox() {
  const { t } = useI18n();
  const entries = useOutbox();
  if (entries.length === 0) return null;
  const waiting = entries.filter((e) => !e.error);
  const refused = entries.filter((e) => e.error);
  return (
    <section class="card warn" data-testid="outbox" aria-live="polite">
      {waiting.length > 0 && (
        <p>
          <strong>{t("outbox.waiting", { n: waiting.length })}</strong>{" "}
          <button type="button" onClick={() => void flush()}>
            {t("outbox.retry")}
          </button>
        </p>
      )}
      {refused.map((e) => (
        <p key={e.key} class="error">
          {e.label}: {e.error}{" "}
          <button type="button" onClick={() => dismiss(e.key)}>
            {t("outbox.dismiss")}
          </button>
        </p>
      ))}
    </section>
  );
}
