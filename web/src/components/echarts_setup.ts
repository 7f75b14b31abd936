// Only the ECharts parts the app uses (bar and line charts, grid, tooltip, legend, SVG renderer), loaded
// lazily by the pyramid so the login and search pages stay small.
import * as echarts from "echarts/core";
import { BarChart, LineChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import { SVGRenderer } from "echarts/renderers";

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export { echarts };
