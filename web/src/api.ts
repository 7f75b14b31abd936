// Thin client for the siklus HTTP API v1 (docs/api.md, docs/openapi.json). Every failure becomes
// an ApiError with the server's error code, message, field and message id, so pages can translate
// it by code and field.
import type { components } from "./api_types";
import type { Lang } from "./i18n";

export class ApiError extends Error {
  constructor(
    public status: number,
    public code: string,
    message: string,
    public field: string | null = null,
    public retryAfter: number | null = null,
    // Stable key of the server's message (docs/api.md, "Message ids"), e.g. "nik.length".
    public messageId: string | null = null,
  ) {
    super(message);
  }
}

let currentLang: Lang = "id";
let onUnauthenticated: () => void = () => {};

export function setApiLang(lang: Lang) {
  currentLang = lang;
}

// Called when a request that needs a session answers 401 (expired or revoked session).
export function setUnauthenticatedHandler(fn: () => void) {
  onUnauthenticated = fn;
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {
    Accept: "application/json",
    "Accept-Language": currentLang,
  };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, {
      method,
      headers,
      credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, "network", "network error");
  }
  const text = await res.text();
  let data: any = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!res.ok) {
    const e = data?.error ?? {};
    const retry = Number(res.headers.get("Retry-After"));
    const err = new ApiError(
      res.status,
      typeof e.code === "string" ? e.code : statusCode(res.status),
      typeof e.message === "string" ? e.message : "",
      typeof e.field === "string" && e.field ? e.field : null,
      Number.isFinite(retry) && retry > 0 ? retry : null,
      typeof e.message_id === "string" ? e.message_id : null,
    );
    if (res.status === 401 && path !== "/session") onUnauthenticated();
    throw err;
  }
  return data as T;
}

function statusCode(status: number): string {
  switch (status) {
    case 400:
    case 422:
      return "invalid_argument";
    case 401:
      return "unauthenticated";
    case 403:
      return "forbidden";
    case 404:
      return "not_found";
    case 409:
      return "conflict";
    case 413:
      return "too_large";
    case 429:
      return "rate_limited";
    case 503:
      return "busy";
    default:
      return "internal";
  }
}

// ---- Shapes: generated from docs/openapi.json into api_types.ts (npm run api-types). ----
// Names the pages use; no hand-written shapes, so the server's contract is the only source.

type Schemas = components["schemas"];

export type Me = Schemas["User"];
export type RegionRef = Schemas["RegionRef"];
export type RegionChild = Schemas["RegionChild"];
export type Region = Schemas["Region"];
export type PyramidBand = Schemas["PyramidBand"];
export type PopulationStats = Schemas["PopulationStats"];
export type Facility = Schemas["Facility"];
export type FacilityDetail = Schemas["FacilityDetail"];
export type PersonSummary = Schemas["PersonSummary"];
export type NikFlag = NonNullable<Schemas["NikFlag"]>;
export type Person = Schemas["Person"];
export type HouseholdMember = Schemas["HouseholdMember"];
export type FacilityRef = NonNullable<Schemas["FacilityRef"]>;
export type NewPerson = Schemas["NewPerson"];
export type PersonPatch = Schemas["PersonPatch"];
export type ApiErrorBody = Schemas["Error"];
export type AuditLogPage = Schemas["AuditPage"];
export type AuditEntry = Schemas["AuditEntry"];
export type Account = Schemas["Account"];
export type SessionInfo = Schemas["SessionInfo"];
export type ReviewQueue = Schemas["ReviewPage"];
export type ReviewPair = ReviewQueue["items"][number];
export type ReviewSide = Schemas["ReviewSide"];
export type ReviewPersonSide = Schemas["ReviewPersonSide"];
/** One page of a paged list ({"items","total","page","page_size"}). */
export type Page<T> = { items: T[]; total: number; page: number; page_size: number };
/** GET /people: how the total was found ({nik, kk} for a number, {name} or {all} otherwise). */
export type PeoplePage = Page<PersonSummary> & { found_by: Record<string, number> };
