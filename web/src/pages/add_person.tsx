// Add a resident. Only "required" is checked here; the server checks the NIK strictly and answers
// 422 naming the field, which is shown next to that field (translated by code and field).
import { useEffect, useState } from "preact/hooks";
import { api, ApiError, type Me, type NewPerson, type Person, type Region, type RegionRef } from "../api";
import { useI18n, type Key } from "../i18n";
import { errorText } from "../format";
import { navigate } from "../router";

type Field = "nik" | "no_kk" | "name" | "sex" | "birth_date" | "birth_place" | "street" | "rt" | "rw" | "village_code" | "phone";
const kRequired: Field[] = ["nik", "name", "sex", "birth_date", "village_code"];

export interface Group {
  name: string;
  villages: RegionRef[];
}

function isVillage(r: RegionRef): boolean {
  // Kemendagri codes: a kelurahan/desa has 10 digits (with or without dots).
  return r.code.replace(/\./g, "").length >= 10;
}

// The kelurahan/desa of the user's scope, grouped by kecamatan.
export async function loadVillages(): Promise<Group[]> {
  const me = await api<Region>("GET", "/regions/me");
  if (isVillage(me)) return [{ name: me.parent?.name ?? "", villages: [me] }];
  if (me.children.every(isVillage)) return [{ name: me.name, villages: me.children }];
  const groups = await Promise.all(
    me.children.map(async (c) => {
      if (isVillage(c)) return { name: me.name, villages: [c] };
      const r = await api<Region>("GET", `/regions/${encodeURIComponent(c.code)}`);
      return { name: r.name, villages: r.children.filter(isVillage) };
    }),
  );
  return groups.filter((g) => g.villages.length > 0);
}

export function AddPersonPage(_: { me: Me }) {
  const { t, lang } = useI18n();
  const [v, setV] = useState<Record<Field, string>>({
    nik: "", no_kk: "", name: "", sex: "", birth_date: "", birth_place: "", street: "", rt: "", rw: "", village_code: "", phone: "",
  });
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [groups, setGroups] = useState<Group[] | null>(null);

  useEffect(() => {
    loadVillages().then(setGroups, () => setGroups([]));
  }, []);

  const focusField = (f: Field) => setTimeout(() => document.getElementById(`f-${f}`)?.focus(), 0);

  const submit = async (e: Event) => {
    e.preventDefault();
    setFormError(null);
    const missing: Partial<Record<Field, string>> = {};
    for (const f of kRequired) if (!v[f].trim()) missing[f] = t("add.required");
    setErrors(missing);
    const first = kRequired.find((f) => missing[f]);
    if (first) {
      setFormError(t("add.errors"));
      focusField(first);
      return;
    }
    const num = (s: string) => (/^\d+$/.test(s.trim()) ? Number(s.trim()) : s.trim());
    const body: Record<string, unknown> = { nik: v.nik.replace(/\s/g, ""), name: v.name.trim(), sex: v.sex, birth_date: v.birth_date, village_code: v.village_code };
    if (v.no_kk.trim()) body.no_kk = v.no_kk.replace(/\s/g, "");
    if (v.birth_place.trim()) body.birth_place = v.birth_place.trim();
    if (v.street.trim()) body.street = v.street.trim();
    if (v.rt.trim()) body.rt = num(v.rt);
    if (v.rw.trim()) body.rw = num(v.rw);
    if (v.phone.trim()) body.phone = v.phone.trim();
    setBusy(true);
    try {
      const p = await api<Person>("POST", "/people", body as unknown as NewPerson);
      navigate(`/people/${encodeURIComponent(String(p.id))}`);
    } catch (err) {
      setBusy(false);
      const field = err instanceof ApiError && err.field ? (err.field.split(".")[0] as Field) : null;
      if (field && field in v) {
        setErrors({ [field]: errorText(lang, err) });
        setFormError(t("add.errors"));
        focusField(field);
      } else {
        setFormError(errorText(lang, err));
      }
    }
  };

  const input = (f: Field, label: Key, props: Record<string, unknown> = {}) => (
    <div class={errors[f] ? "field invalid" : "field"}>
      <label for={`f-${f}`}>
        {t(label)}
        {kRequired.includes(f) && <span aria-hidden="true"> *</span>}
      </label>
      <input
        id={`f-${f}`}
        name={f}
        value={v[f]}
        required={kRequired.includes(f)}
        aria-invalid={errors[f] ? "true" : undefined}
        aria-describedby={errors[f] ? `e-${f}` : undefined}
        onInput={(e) => setV({ ...v, [f]: e.currentTarget.value })}
        {...props}
      />
      {errors[f] && (
        <p id={`e-${f}`} class="field-error" data-testid={`error-${f}`}>
          {errors[f]}
        </p>
      )}
    </div>
  );

  return (
    <div class="add">
      <h1 tabIndex={-1}>{t("add.title")}</h1>
      <p class="muted">{t("add.intro")}</p>
      <form class="card form" onSubmit={submit} noValidate>
        {formError && (
          <p class="error" role="alert" data-testid="form-error">
            {formError}
          </p>
        )}
        {input("nik", "person.nik", { inputMode: "numeric", autocomplete: "off", maxLength: 20 })}
        {input("no_kk", "person.no_kk", { inputMode: "numeric", autocomplete: "off", maxLength: 20 })}
        {input("name", "person.name", { autocomplete: "off" })}
        <fieldset class={errors.sex ? "field invalid" : "field"} aria-describedby={errors.sex ? "e-sex" : undefined}>
          <legend>
            {t("person.sex")}
            <span aria-hidden="true"> *</span>
          </legend>
          <div class="radios">
            {(["L", "P"] as const).map((s, i) => (
              <label key={s}>
                <input type="radio" id={i === 0 ? "f-sex" : undefined} name="sex" value={s} checked={v.sex === s} onChange={() => setV({ ...v, sex: s })} />{" "}
                {t(`sex.${s}`)}
              </label>
            ))}
          </div>
          {errors.sex && (
            <p id="e-sex" class="field-error" data-testid="error-sex">
              {errors.sex}
            </p>
          )}
        </fieldset>
        <div class="pair">
          {input("birth_date", "person.birth_date", { type: "date" })}
          {input("birth_place", "person.birth_place")}
        </div>
        <div class={errors.village_code ? "field invalid" : "field"}>
          <label for="f-village_code">
            {t("person.village_code")}
            <span aria-hidden="true"> *</span>
          </label>
          <select
            id="f-village_code"
            name="village_code"
            required
            value={v.village_code}
            aria-invalid={errors.village_code ? "true" : undefined}
            aria-describedby={errors.village_code ? "e-village_code" : undefined}
            onChange={(e) => setV({ ...v, village_code: e.currentTarget.value })}
          >
            <option value="">{groups === null ? t("common.loading") : t("add.choose")}</option>
            {(groups ?? []).map((g) => (
              <optgroup key={g.name} label={g.name}>
                {g.villages.map((r) => (
                  <option key={r.code} value={r.code}>
                    {r.name}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
          {errors.village_code && (
            <p id="e-village_code" class="field-error" data-testid="error-village_code">
              {errors.village_code}
            </p>
          )}
        </div>
        <div class="pair">
          {input("rw", "person.rw", { inputMode: "numeric", maxLength: 3 })}
          {input("rt", "person.rt", { inputMode: "numeric", maxLength: 3 })}
        </div>
        {input("street", "person.street", { autocomplete: "street-address" })}
        {input("phone", "person.phone", { type: "tel", autocomplete: "off" })}
        <button type="submit" class="primary" disabled={busy}>
          {busy ? t("add.busy") : t("add.submit")}
        </button>
      </form>
    </div>
  );
}
