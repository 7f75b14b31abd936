// Population pyramid: ECharts horizontal bars, male to the left (negative), female to the right.
// The same numbers are in a visually hidden table for screen readers.
import { useMemo } from "preact/hooks";
import { useEChart } from "./use_echart";
import type { PyramidBand } from "../api";
import { useI18n } from "../i18n";
import { fmtCompact, fmtInt } from "../format";

const kMale = "#2563a8";
const kFemale = "#c2410c";

export function Pyramid({ bands }: { bands: PyramidBand[] }) {
  const { t, lang } = useI18n();
  const option = useMemo(() => {
    const male = t("overview.male");
    const female = t("overview.female");
    return {
      animation: false,
      legend: { data: [male, female], top: 0 },
      tooltip: {
        trigger: "axis",
        axisPointer: { type: "shadow" },
        formatter: (ps: any[]) =>
          `${ps[0]?.name ?? ""}<br>` + ps.map((p) => `${p.marker}${p.seriesName}: ${fmtInt(lang, Math.abs(p.value))}`).join("<br>"),
      },
      grid: { left: 4, right: 12, top: 32, bottom: 4, outerBoundsMode: "same", outerBoundsContain: "axisLabel" },
      xAxis: { type: "value", axisLabel: { formatter: (v: number) => fmtCompact(lang, Math.abs(v)) } },
      yAxis: { type: "category", data: bands.map((b) => b.band), axisTick: { show: false } },
      series: [
        { name: male, type: "bar", stack: "p", barCategoryGap: "12%", itemStyle: { color: kMale }, data: bands.map((b) => -b.male) },
        { name: female, type: "bar", stack: "p", itemStyle: { color: kFemale }, data: bands.map((b) => b.female) },
      ],
    };
    // `t` follows `lang`; keyed on the language so the chart is not redrawn on every render.
  }, [bands, lang]);
  const el = useEChart(option);

  return (
    <figure class="pyramid" data-testid="pyramid">
      <figcaption>
        <h2>{t("overview.pyramid")}</h2>
        <p class="muted">{t("overview.pyramid.desc")}</p>
      </figcaption>
      <div ref={el} class="chart" aria-hidden="true" />
      <table class="sr-only">
        <caption>{t("overview.pyramid")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("overview.band")}</th>
            <th scope="col">{t("overview.male")}</th>
            <th scope="col">{t("overview.female")}</th>
          </tr>
        </thead>
        <tbody>
          {bands.map((b) => (
            <tr key={b.band}>
              <th scope="row">{b.band}</th>
              <td>{b.male}</td>
              <td>{b.female}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
