// User administration (Dinkes admin only; the server refuses anyone else with 403): the accounts
// of the city, a form for a new one with its place of work picked from the facility list, and per
// account: disable or enable, and reset the password. Every change is audited by the server.
import { useState } from "preact/hooks";
import { api, ApiError, type Account, type Facility, type Me } from "../api";
import { useI18n } from "../i18n";
import { facilityTypeLabel, fieldErrorText } from "../format";
import { ErrorBox, Loading, useApi } from "../components/status";

type Role = Account["role"];
const kRoles: Role[] = ["kader", "nakes", "puskesmas", "dinkes_admin"];
// Where each role may work (the server checks the same rule).
const kPlaces: Record<Role, string[]> = {
  kader: ["posyandu"],
  nakes: ["puskesmas", "pustu", "clinic", "practice", "hospital"],
  puskesmas: ["puskesmas"],
  dinkes_admin: [],
};

export function UsersPage({ me }: { me: Me }) {
  const { t, tr } = useI18n();
  const admin = me.role === "dinkes_admin";
  const list = useApi<{ items: Account[] }>(admin ? "/users" : null);
  const facilities = useApi<{ items: Facility[] }>(admin ? "/facilities" : null);
  const [notice, setNotice] = useState("");

  if (!admin) {
    return (
      <div class="users">
        <h1 tabIndex={-1}>{t("users.title")}</h1>
        <p role="alert">{t("users.forbidden")}</p>
      </div>
    );
  }
  const changed = (text: string) => {
    setNotice(text);
    list.reload();
  };
  return (
    <div class="users">
      <h1 tabIndex={-1}>{t("users.title")}</h1>
      <p class="muted">{t("users.intro")}</p>
      <div role="status" data-testid="users-notice" class="ok">
        {notice}
      </div>
      {list.loading && !list.data && <Loading />}
      {list.error && <ErrorBox error={list.error} retry={list.reload} />}
      {list.data && (
        <div class="table-wrap">
          <table class="list" data-testid="users-list">
            <caption class="sr-only">{t("users.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("users.username")}</th>
                <th scope="col">{t("users.role")}</th>
                <th scope="col">{t("users.place")}</th>
                <th scope="col">{t("users.state")}</th>
                <th scope="col">{t("users.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((u) => (
                <AccountRow key={u.username} account={u} self={u.username === me.username} onChanged={changed} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <NewAccountForm facilities={facilities.data?.items ?? []} onCreated={(u) => changed(t("users.created", { u: u.username, role: tr(`role.${u.role}`, u.role) }))} />
    </div>
  );
}

function AccountRow({ account: u, self, onChanged }: { account: Account; self: boolean; onChanged: (notice: string) => void }) {
  const { t, tr, lang } = useI18n();
  const [resetting, setResetting] = useState(false);
  const [password, setPassword] = useState("");
  const [error, setError] = useState("");
  const patch = async (body: Record<string, unknown>, done: string) => {
    setError("");
    try {
      await api("PATCH", `/users/${encodeURIComponent(u.username)}`, body);
      setResetting(false);
      setPassword("");
      onChanged(done);
    } catch (e) {
      setError(fieldErrorText(lang, e));
    }
  };
  const id = `pw-${u.username.replace(/[^a-z0-9]/gi, "-")}`;
  return (
    <tr data-testid={`user-${u.username}`}>
      <td data-label={t("users.username")}>
        <strong>{u.username}</strong>
        <br />
        <small class="muted">{u.display_name}</small>
      </td>
      <td data-label={t("users.role")}>{tr(`role.${u.role}`, u.role)}</td>
      <td data-label={t("users.place")}>{u.scope_name || u.scope}</td>
      <td data-label={t("users.state")}>{u.disabled ? t("users.disabled") : t("users.active", { n: u.sessions })}</td>
      <td data-label={t("users.actions")}>
        {!self && (
          <button type="button" onClick={() => patch({ disabled: !u.disabled }, t(u.disabled ? "users.enabledNotice" : "users.disabledNotice", { u: u.username }))}>
            {u.disabled ? t("users.enable") : t("users.disable")}
          </button>
        )}{" "}
        {resetting ? (
          <form
            class="inline"
            onSubmit={(e) => {
              e.preventDefault();
              void patch({ password }, t("users.resetNotice", { u: u.username }));
            }}
          >
            <label for={id}>{t("users.newPassword")}</label>
            <input id={id} type="password" autocomplete="new-password" value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
            <button type="submit" class="primary">
              {t("common.save")}
            </button>
            <button type="button" onClick={() => (setResetting(false), setError(""))}>
              {t("common.cancel")}
            </button>
          </form>
        ) : (
          <button type="button" onClick={() => setResetting(true)}>
            {t("users.reset")}
          </button>
        )}
        {error && (
          <p class="field-error" role="alert">
            {error}
          </p>
        )}
      </td>
    </tr>
  );
}

function NewAccountForm({ facilities, onCreated }: { facilities: Facility[]; onCreated: (a: Account) => void }) {
  const { t, tr, lang } = useI18n();
  const empty = { username: "", display_name: "", role: "kader" as Role, scope: "", password: "" };
  const [form, setForm] = useState(empty);
  const [error, setError] = useState<{ field: string | null; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const places = facilities.filter((f) => kPlaces[form.role].includes(f.type)).sort((a, b) => a.name.localeCompare(b.name));
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body: Record<string, string> = { username: form.username.trim(), password: form.password, role: form.role };
      if (form.display_name.trim()) body.display_name = form.display_name.trim();
      if (form.role !== "dinkes_admin") body.scope = form.scope;
      const made = await api<Account>("POST", "/users", body);
      setForm(empty);
      onCreated(made);
    } catch (err) {
      setError({ field: err instanceof ApiError ? err.field : null, text: fieldErrorText(lang, err) });
    } finally {
      setBusy(false);
    }
  };
  const set = (key: keyof typeof empty) => (e: { currentTarget: HTMLInputElement | HTMLSelectElement }) => setForm({ ...form, [key]: e.currentTarget.value, ...(key === "role" ? { scope: "" } : {}) });
  const fieldError = (field: string) =>
    error?.field === field ? (
      <p class="field-error" id={`nu-${field}-error`} role="alert">
        {error.text}
      </p>
    ) : null;
  const invalid = (field: string) => (error?.field === field ? "field invalid" : "field");
  const described = (field: string) => (error?.field === field ? `nu-${field}-error` : undefined);
  return (
    <form class="card form" onSubmit={submit} aria-labelledby="nu-h" data-testid="new-user">
      <h2 id="nu-h">{t("users.new")}</h2>
      <div class="pair">
        <div class={invalid("username")}>
          <label for="nu-username">{t("users.username")}</label>
          <input id="nu-username" required autocomplete="off" value={form.username} onInput={set("username")} aria-describedby={described("username")} />
          {fieldError("username")}
        </div>
        <div class={invalid("display_name")}>
          <label for="nu-name">{t("users.displayName")}</label>
          <input id="nu-name" value={form.display_name} onInput={set("display_name")} aria-describedby={described("display_name")} />
          {fieldError("display_name")}
        </div>
      </div>
      <div class="pair">
        <div class={invalid("role")}>
          <label for="nu-role">{t("users.role")}</label>
          <select id="nu-role" value={form.role} onChange={set("role")}>
            {kRoles.map((r) => (
              <option key={r} value={r}>
                {tr(`role.${r}`, r)}
              </option>
            ))}
          </select>
          {fieldError("role")}
        </div>
        {form.role !== "dinkes_admin" && (
          <div class={invalid("scope")}>
            <label for="nu-scope">{t("users.place")}</label>
            <select id="nu-scope" required value={form.scope} onChange={set("scope")} aria-describedby={described("scope")}>
              <option value="">{t("users.pickPlace")}</option>
              {places.map((f) => (
                <option key={f.id} value={String(f.id)}>
                  {f.name} ({facilityTypeLabel(lang, f.type)})
                </option>
              ))}
            </select>
            {fieldError("scope")}
          </div>
        )}
      </div>
      <div class={invalid("password")}>
        <label for="nu-password">{t("users.password")}</label>
        <input id="nu-password" type="password" required autocomplete="new-password" value={form.password} onInput={set("password")} aria-describedby={`nu-password-hint${error?.field === "password" ? " nu-password-error" : ""}`} />
        <p id="nu-password-hint" class="muted small">
          {t("users.passwordHint")}
        </p>
        {fieldError("password")}
      </div>
      {error && !["username", "display_name", "role", "scope", "password"].includes(error.field ?? "") && <div class="error" role="alert">{error.text}</div>}
      <button type="submit" class="primary" disabled={busy}>
        {t("users.create")}
      </button>
    </form>
  );
}
