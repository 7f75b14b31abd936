// Keeping a person's record: life status (died, moved out of the city, with the date), phone and
// address within the user's area. Only the fields that changed are sent; the server checks them,
// audits the change and answers 422 naming the field, shown beside it in the user's language.
import { useEffect, useState } from "preact/hooks";
import { api, ApiError, type Person, type PersonPatch } from "../api";
import { useI18n } from "../i18n";
import { fieldErrorText, statusLabel } from "../format";
import { loadVillages, type Group } from "./add_person";

type Field = "status" | "status_date" | "phone" | "street" | "rt" | "rw" | "village_code";

function initial(p: Person): Record<Field, string> {
  return {
    status: p.status ?? "HIDUP",
    status_date: p.status_date ?? "",
    phone: p.phone ?? "",
    street: p.address.street ?? "",
    rt: p.address.rt != null ? String(p.address.rt) : "",
    rw: p.address.rw != null ? String(p.address.rw) : "",
    village_code: (p.address.village?.code ?? p.village_code ?? "").replace(/\./g, ""),
  };
}

export function EditPerson({ person, onSaved }: { person: Person; onSaved: () => void }) {
  const { t, lang } = useI18n();
  const [open, setOpen] = useState(false);
  const [v, setV] = useState(() => initial(person));
  const [error, setError] = useState<{ field: string | null; text: string } | null>(null);
  const [saved, setSaved] = useState(false);
  const [groups, setGroups] = useState<Group[] | null>(null);
  useEffect(() => setV(initial(person)), [person]);
  useEffect(() => {
    if (open && groups === null) loadVillages().then(setGroups, () => setGroups([]));
  }, [open]);

  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    setSaved(false);
    const was = initial(person);
    const body: Record<string, unknown> = {};
    for (const f of Object.keys(v) as Field[]) {
      if (v[f] === was[f]) continue;
      if (f === "rt" || f === "rw") body[f] = v[f].trim() === "" ? null : /^\d+$/.test(v[f].trim()) ? Number(v[f].trim()) : v[f];
      else body[f] = v[f].trim() === "" ? null : v[f].trim();
    }
    if (v.status !== "HIDUP" && v.status !== was.status && !("status_date" in body)) body.status_date = v.status_date || null;
    if (Object.keys(body).length === 0) {
      setError({ field: null, text: t("edit.nothing") });
      return;
    }
    try {
      await api<Person>("PATCH", `/people/${person.id}`, body as PersonPatch);
      setSaved(true);
      setOpen(false);
      onSaved();
    } catch (err) {
      setError({ field: err instanceof ApiError && err.field ? err.field : null, text: fieldErrorText(lang, err) });
    }
  };

  const set = (f: Field) => (e: { currentTarget: HTMLInputElement | HTMLSelectElement }) => setV({ ...v, [f]: e.currentTarget.value });
  const fieldProps = (f: Field) => ({
    id: `e-${f}`,
    value: v[f],
    "aria-invalid": error?.field === f ? true : undefined,
    "aria-describedby": error?.field === f ? `e-${f}-error` : undefined,
  });
  const fieldError = (f: Field) =>
    error?.field === f ? (
      <p class="field-error" id={`e-${f}-error`} role="alert">
        {error.text}
      </p>
    ) : null;
  const cls = (f: Field) => (error?.field === f ? "field invalid" : "field");

  if (!open) {
    return (
      <section class="card" aria-labelledby="edit-h" data-testid="edit-person">
        <h2 id="edit-h">{t("edit.title")}</h2>
        <p class="muted">{t("edit.intro")}</p>
        <button type="button" onClick={() => setOpen(true)}>
          {t("edit.open")}
        </button>
        {saved && (
          <p role="status" class="ok">
            {t("edit.saved")}
          </p>
        )}
      </section>
    );
  }
  return (
    <form class="card form" onSubmit={submit} aria-labelledby="edit-h" data-testid="edit-person">
      <h2 id="edit-h">{t("edit.title")}</h2>
      <div class="pair">
        <div class={cls("status")}>
          <label for="e-status">{t("person.status")}</label>
          <select {...fieldProps("status")} onChange={set("status")}>
            {["HIDUP", "MATI", "PINDAH"].map((s) => (
              <option key={s} value={s}>
                {statusLabel(lang, s)}
              </option>
            ))}
          </select>
          {fieldError("status")}
        </div>
        {v.status !== "HIDUP" && (
          <div class={cls("status_date")}>
            <label for="e-status_date">{t(v.status === "MATI" ? "edit.died" : "edit.moved")}</label>
            <input type="date" required {...fieldProps("status_date")} onInput={set("status_date")} />
            {fieldError("status_date")}
          </div>
        )}
      </div>
      <div class={cls("phone")}>
        <label for="e-phone">{t("person.phone")}</label>
        <input type="tel" inputMode="tel" {...fieldProps("phone")} onInput={set("phone")} />
        {fieldError("phone")}
      </div>
      <div class={cls("street")}>
        <label for="e-street">{t("person.street")}</label>
        <input {...fieldProps("street")} onInput={set("street")} />
        {fieldError("street")}
      </div>
      <div class="pair">
        <div class={cls("rt")}>
          <label for="e-rt">{t("person.rt")}</label>
          <input inputMode="numeric" {...fieldProps("rt")} onInput={set("rt")} />
          {fieldError("rt")}
        </div>
        <div class={cls("rw")}>
          <label for="e-rw">{t("person.rw")}</label>
          <input inputMode="numeric" {...fieldProps("rw")} onInput={set("rw")} />
          {fieldError("rw")}
        </div>
      </div>
      <div class={cls("village_code")}>
        <label for="e-village_code">{t("person.village")}</label>
        <select {...fieldProps("village_code")} onChange={set("village_code")}>
          {(groups ?? []).map((g) => (
            <optgroup key={g.name} label={g.name}>
              {g.villages.map((vl) => (
                <option key={vl.code} value={vl.code.replace(/\./g, "")}>
                  {vl.name}
                </option>
              ))}
            </optgroup>
          ))}
          {groups !== null && !groups.some((g) => g.villages.some((vl) => vl.code.replace(/\./g, "") === v.village_code)) && <option value={v.village_code}>{person.address.village?.name ?? v.village_code}</option>}
        </select>
        {fieldError("village_code")}
      </div>
      {error && !error.field && (
        <div class="error" role="alert">
          {error.text}
        </div>
      )}
      {error && error.field && !(["status", "status_date", "phone", "street", "rt", "rw", "village_code"] as string[]).includes(error.field) && (
        <div class="error" role="alert">
          {error.text}
        </div>
      )}
      <div class="buttons">
        <button type="submit" class="primary">
          {t("common.save")}
        </button>{" "}
        <button type="button" onClick={() => (setOpen(false), setError(null), setV(initial(person)))}>
          {t("common.cancel")}
        </button>
      </div>
    </form>
  );
}
