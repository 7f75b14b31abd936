// Only the ECharts parts the app uses (bar chart, grid, tooltip, legend, SVG renderer), loaded
// lazily by the pyramid so the login and search pages stay small.
import * as echarts from "echarts/core";
import { BarChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import { SVGRenderer } from "echarts/renderers";

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export { echarts };
