// Thin client for the siklus HTTP API v1 (docs/api.md). Every failure becomes an ApiError with
// the server's error code, message and field, so pages can translate it by code and field.
import type { Lang } from "./i18n";

export class ApiError extends Error {
  constructor(
    public status: number,
    public code: string,
    message: string,
    public field: string | null = null,
    public retryAfter: number | null = null,
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

// ---- Shapes from docs/api.md (fields the server may omit are optional). ----

export interface Me {
  username: string;
  role: string;
  scope: string | null;
  scope_name?: string | null;
  display_name?: string | null;
}

export interface RegionRef {
  code: string;
  name: string;
  level?: string;
  residents?: number;
}

export interface Region extends RegionRef {
  parent: RegionRef | null;
  children: RegionRef[];
}

export interface PyramidBand {
  band: string;
  male: number;
  female: number;
}

export interface PopulationStats {
  region: string;
  name?: string;
  residents: number;
  male?: number;
  female?: number;
  households?: number;
  children?: { region: string; name: string; residents: number }[];
  pyramid?: PyramidBand[];
}

export interface Facility {
  id: string | number;
  type: string;
  name: string;
  village_code?: string | null;
  village_name?: string | null;
  rw?: number | string | null;
  parent_id?: string | number | null;
  government?: boolean | null;
  address?: string | null;
  lat?: number | null;
  lon?: number | null;
  staff?: number | unknown[] | null;
}

export interface PersonSummary {
  id: string | number;
  nik: string;
  name: string;
  sex?: string;
  birth_date?: string | null;
  age?: number | null;
  village_code?: string | null;
  village_name?: string | null;
  rw?: number | string | null;
  rt?: number | string | null;
  status?: string;
  nik_flag?: NikFlag | string | null;
}

export interface NikFlag {
  code: string;
  message: string;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  page_size: number;
}

export type Named = { code?: string; id?: string | number; name?: string } | string | null | undefined;

export interface Person extends PersonSummary {
  no_kk?: string | null;
  birth_place?: string | null;
  phone?: string | null;
  status_date?: string | null;
  address?: {
    street?: string | null;
    rt?: number | string | null;
    rw?: number | string | null;
    village?: Named;
    district?: Named;
    city?: Named;
    village_code?: string;
    village_name?: string;
    district_code?: string;
    district_name?: string;
    city_code?: string;
    city_name?: string;
  } | null;
  household?: {
    no_kk?: string | null;
    members?: HouseholdMember[];
  } | null;
  facilities?: FacilityRef[] | Record<string, FacilityRef | null> | null;
}

export interface HouseholdMember {
  id: string | number;
  name: string;
  nik?: string;
  relation?: string | null;
  sex?: string;
  age?: number | null;
  birth_date?: string | null;
  status?: string;
}

export interface FacilityRef {
  id?: string | number;
  type?: string;
  name: string;
  address?: string | null;
}

export interface NewPerson {
  nik: string;
  no_kk?: string;
  name: string;
  sex: string;
  birth_date: string;
  birth_place?: string;
  street?: string;
  rt?: number;
  rw?: number;
  village_code: string;
  phone?: string;
}
