// A child's growth on the WHO chart (issue 10): the −3…+3 SD lines of GET /growth/curves with the
// child's own measurements from the care timeline drawn on them, so a nakes sees at once whether
// the line runs along a curve or falls away from it. Weight and length/height for age, for
// children under five; the same points are in a table for screen readers and for print.
import { useMemo, useState } from "preact/hooks";
import { useEChart } from "../components/use_echart";
import type { components } from "../api_types";
import { useI18n } from "../i18n";
import { fmtDate, fmtDecimal } from "../format";
import { ErrorBox, Loading, useApi } from "../components/status";
import { ApiError } from "../api";

type Service = components["schemas"]["CareService"];
type Curves = { indicator: string; sex: string; x_unit: string; unit: string; sd: number[]; points: number[][] };

// WHO's 2006 standard ends at 60 months; the chart is offered up to that age.
const kUnderFiveDays = 1856;
const kDayMs = 86_400_000;
// Colours of the SD lines as on the KMS card: the median green, ±2 SD amber, ±3 SD red (each ≥ 3:1
// on white, and told apart by dash pattern, so the chart does not depend on colour alone); ±1 SD
// faint grey.
const kLine: Record<string, { color: string; type: "solid" | "dashed" | "dotted" }> = {
  "0": { color: "#15803d", type: "solid" },
  "2": { color: "#b45309", type: "dashed" },
  "3": { color: "#b91c1c", type: "dotted" },
  "1": { color: "#9ca3af", type: "dotted" },
};
const kPoint = "#1e3a8a";

type Indicator = "wfa" | "lhfa";

interface Point {
  date: string;
  ageDays: number;
  value: number;
  z: number | null;
}

function ageDays(birth: string, date: string): number {
  return Math.round((Date.parse(date) - Date.parse(birth)) / kDayMs);
}

function num(v: unknown): number | null {
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}

export function measurements(services: Service[], birth: string, indicator: Indicator): Point[] {
  const field = indicator === "wfa" ? "weight_kg" : "height_cm";
  const zField = indicator === "wfa" ? "waz" : "haz";
  return services
    .filter((s) => !s.deleted && s.service === "anthropometry")
    .map((s) => {
      const f = (s.fields ?? {}) as Record<string, unknown>;
      return { date: s.date, ageDays: ageDays(birth, s.date), value: num(f[field]), z: num(f[zField]) };
    })
    .filter((p): p is Point => p.value !== null && p.ageDays >= 0 && p.ageDays <= kUnderFiveDays)
    .sort((a, b) => a.ageDays - b.ageDays);
}

export function GrowthChart({ sex, birth, services }: { sex?: string | null; birth?: string | null; services: Service[] }) {
  const { t } = useI18n();
  const [indicator, setIndicator] = useState<Indicator>("wfa");
  // Kept here so the table stays open when the indicator changes (the chart reloads its curves).
  const [tableOpen, setTableOpen] = useState(false);
  const points = useMemo(() => (birth ? measurements(services, birth, indicator) : []), [services, birth, indicator]);
  if (!birth || (sex !== "L" && sex !== "P")) return null;
  const today = new Date().toISOString().slice(0, 10);
  // The chart is for the under-fives and for anyone measured then; nothing shows for an adult.
  if (ageDays(birth, today) > kUnderFiveDays && measurements(services, birth, "wfa").length === 0) return null;
  return (
    <section class="card" aria-labelledby="growth-h" data-testid="growth-chart">
      <h2 id="growth-h">{t("growth.chart.title")}</h2>
      <div class="segmented" role="group" aria-label={t("growth.chart.indicator")}>
        {(["wfa", "lhfa"] as const).map((i) => (
          <button key={i} type="button" aria-pressed={indicator === i} onClick={() => setIndicator(i)}>
            {t(`growth.chart.${i}`)}
          </button>
        ))}
      </div>
      {points.length === 0 ? (
        <p class="muted">{t("growth.chart.none")}</p>
      ) : (
        <Chart sex={sex} indicator={indicator} points={points} tableOpen={tableOpen} onTable={setTableOpen} />
      )}
    </section>
  );
}

interface ChartProps {
  sex: string;
  indicator: Indicator;
  points: Point[];
  tableOpen: boolean;
  onTable: (open: boolean) => void;
}

function Chart({ sex, indicator, points, tableOpen, onTable }: ChartProps) {
  const { t, lang } = useI18n();
  const res = useApi<Curves>(`/growth/curves?indicator=${indicator}&sex=${sex}`);
  const curves = res.data?.indicator === indicator && res.data.sex === sex ? res.data : undefined;
  const option = useMemo(() => {
    if (!curves) return null;
    // Months on the axis: what a KMS card shows and a mother understands.
    const lastAge = points[points.length - 1].ageDays;
    const maxDays = Math.min(kUnderFiveDays, Math.max(365, lastAge + 120));
    const rows = curves.points.filter((r) => r[0] <= maxDays);
    const month = (d: number) => d / 30.4375;
    const lines = curves.sd.map((sd, k) => {
      const style = kLine[String(Math.abs(sd))] ?? kLine["3"];
      return {
        name: sd === 0 ? t("growth.chart.median") : `${sd > 0 ? "+" : ""}${sd} SD`,
        type: "line",
        showSymbol: false,
        silent: true,
        lineStyle: { color: style.color, type: style.type, width: sd === 0 ? 2 : 1 },
        itemStyle: { color: style.color },
        data: rows.map((r) => [month(r[0]), r[k + 1]]),
      };
    });
    return {
      animation: false,
      tooltip: { trigger: "item" },
      grid: { left: 8, right: 12, top: 28, bottom: 28, outerBoundsMode: "same", outerBoundsContain: "axisLabel" },
      xAxis: { type: "value", name: t("growth.chart.months"), nameLocation: "middle", nameGap: 24, min: 0, max: Math.ceil(month(maxDays)) },
      yAxis: { type: "value", name: curves.unit, scale: true },
      series: [
        ...lines,
        {
          name: t("growth.chart.child"),
          type: "line",
          symbolSize: 8,
          lineStyle: { color: kPoint, width: 2 },
          itemStyle: { color: kPoint },
          tooltip: {
            formatter: (p: any) => `${fmtDate(lang, points[p.dataIndex].date)}<br>${fmtDecimal(lang, p.value[1])} ${curves.unit}`,
          },
          data: points.map((p) => [month(p.ageDays), p.value]),
        },
      ],
    };
    // `t` follows `lang`: keyed on the language so the chart is not redrawn on every render.
  }, [curves, points, lang]);
  const el = useEChart(option);

  if (res.error) {
    if (res.error instanceof ApiError && res.error.status === 409) return <p class="muted">{t("growth.chart.noReference")}</p>;
    return <ErrorBox error={res.error} retry={res.reload} />;
  }
  if (!curves) return <Loading />;
  const unit = curves.unit;
  const withZ = points.some((p) => p.z !== null);
  return (
    <>
      <div ref={el} class="chart growth" role="img" aria-label={t(`growth.chart.${indicator}`)} />
      <details class="growth-table" open={tableOpen} onToggle={(e) => onTable((e.currentTarget as HTMLDetailsElement).open)}>
        <summary>{t("growth.chart.table", { n: points.length })}</summary>
        <table class="compact" data-testid="growth-points">
          <caption class="sr-only">{t(`growth.chart.${indicator}`)}</caption>
          <thead>
            <tr>
              <th scope="col">{t("growth.chart.date")}</th>
              <th scope="col">{t("growth.chart.age")}</th>
              <th scope="col">{unit}</th>
              {withZ && <th scope="col">{t("growth.chart.z")}</th>}
            </tr>
          </thead>
          <tbody>
            {points.map((p) => (
              <tr key={p.date}>
                <td>{fmtDate(lang, p.date)}</td>
                <td>{t("growth.chart.ageMonths", { n: Math.floor(p.ageDays / 30.4375) })}</td>
                <td>{fmtDecimal(lang, p.value)}</td>
                {withZ && <td>{fmtDecimal(lang, p.z)}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </>
  );
}
