// One ECharts chart in a div: loads the chart library lazily (so pages without charts stay
// small), sizes the chart with its box, and draws `option` whenever it changes (replacing the
// previous one). Returns the ref to put on the div; the div may appear later (after a loading
// state): the chart starts once both the div and an option are there. `option` null draws nothing.
import { useEffect, useRef } from "preact/hooks";

export function useEChart(option: object | null) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<any>(null);
  const observer = useRef<ResizeObserver | null>(null);
  const latest = useRef(option);
  latest.current = option;

  useEffect(() => {
    const dom = el.current;
    if (!option || !dom) return;
    if (chart.current && chart.current.getDom() === dom) {
      chart.current.setOption(option, true);
      return;
    }
    let live = true;
    import("./echarts_setup").then(({ echarts }) => {
      if (!live || el.current !== dom || !latest.current) return;
      observer.current?.disconnect();
      chart.current?.dispose();
      chart.current = echarts.init(dom, undefined, { renderer: "svg" });
      observer.current = new ResizeObserver(() => chart.current?.resize());
      observer.current.observe(dom);
      chart.current.setOption(latest.current, true);
    });
    return () => {
      live = false;
    };
  }, [option]);

  useEffect(
    () => () => {
      observer.current?.disconnect();
      chart.current?.dispose();
      chart.current = null;
    },
    [],
  );

  return el;
}
