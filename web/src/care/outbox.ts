// Entries recorded on a phone wait here (localStorage) until the server has them, so a posyandu
// day goes on when the signal drops. Each entry carries its own idempotency key: a resend after
// a lost answer returns the first record instead of making a second one (docs/care.md).
import { useEffect, useState } from "preact/hooks";
import { api, ApiError } from "../api";

export interface Entry {
  key: string;
  label: string;  // who and what, for the list of waiting entries
  body: Record<string, unknown>;
  at: string;
  error?: string;  // the server refused it: kept to be seen, not sent again
}

const kStore = "siklus.outbox";
const listeners = new Set<() => void>();

export function load(): Entry[] {
  try {
    return JSON.parse(localStorage.getItem(kStore) ?? "[]");
  } catch {
    return [];
  }
}

function save(entries: Entry[]) {
  localStorage.setItem(kStore, JSON.stringify(entries));
  listeners.forEach((l) => l());
}

export function newKey(): string {
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}

export function enqueue(e: Entry) {
  save([...load(), e]);
}

export function dismiss(key: string) {
  save(load().filter((e) => e.key !== key));
}

// One pass at a time: a flush asked for during another runs after it, so an entry queued
// meanwhile is sent by the pass its form waits for (and never by two passes at once).
let chain: Promise<unknown> = Promise.resolve();

// Sends the waiting entries in order; stops at the first network failure (they wait for the next
// try). Answers are returned by key, so the form that queued an entry can show its result.
export function flush(): Promise<Record<string, unknown>> {
  const pass = chain.then(sendAll);
  chain = pass.catch(() => undefined);
  return pass;
}

async function sendAll(): Promise<Record<string, unknown>> {
  const answers: Record<string, unknown> = {};
  for (const e of load()) {
    if (e.error) continue;
    try {
      answers[e.key] = await api("POST", "/care/services", { ...e.body, idempotency_key: e.key });
      save(load().filter((x) => x.key !== e.key));
    } catch (err) {
      if (err instanceof ApiError && err.code === "network") break;
      if (err instanceof ApiError && (err.status === 401 || err.status >= 500)) break;
      const message = err instanceof ApiError ? err.message : String(err);
      save(load().map((x) => (x.key === e.key ? { ...x, error: message } : x)));
    }
  }
  return answers;
}

// The waiting entries, kept current; sends them again when the browser is back online and every
// 30 s while any wait.
export function useOutbox(): Entry[] {
  const [entries, setEntries] = useState(load);
  useEffect(() => {
    const l = () => setEntries(load());
    listeners.add(l);
    const online = () => void flush();
    window.addEventListener("online", online);
    const timer = setInterval(() => {
      if (load().some((e) => !e.error)) void flush();
    }, 30_000);
    return () => {
      listeners.delete(l);
      window.removeEventListener("online", online);
      clearInterval(timer);
    };
  }, []);
  return entries;
}
