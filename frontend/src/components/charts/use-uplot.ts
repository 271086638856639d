import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { markRaw, onBeforeUnmount, onMounted, type Ref } from 'vue';

export interface ChartSpec {
  options: Omit<uPlot.Options, 'width' | 'height'>;
  data: uPlot.AlignedData;
}

/**
 * A uPlot chart in `container`: built on mount, resized with its box, destroyed on unmount (the chart
 * object stays outside Vue's reactivity). `build()` draws it anew (other series, other language);
 * `update()` only replaces the data, so that the chart keeps its size and nothing on the page moves.
 */
export function useUplot(container: Ref<HTMLElement | null>, height: () => number, spec: () => ChartSpec | null) {
  let chart: uPlot | null = null;
  let resizeObserver: ResizeObserver | null = null;

  function build(): void {
    chart?.destroy();
    chart = null;
    const next = spec();
    if (!container.value || !next) return;
    chart = markRaw(new uPlot({ ...next.options, width: container.value.clientWidth, height: height() }, next.data, container.value));
  }

  function update(data: uPlot.AlignedData): void {
    if (chart) chart.setData(data);
    else build();
  }

  onMounted(() => {
    build();
    resizeObserver = new ResizeObserver(() => chart && container.value && chart.setSize({ width: container.value.clientWidth, height: height() }));
    resizeObserver.observe(container.value!);
  });
  onBeforeUnmount(() => {
    resizeObserver?.disconnect();
    chart?.destroy();
    chart = null;
  });

  return { build, update };
}

/** Draws a peak on the canvas after the series: a dashed vertical line at `index` and a marker above `value`. */
export function drawPeakMarker(u: uPlot, index: number, value: number, color: string, shape: 'triangle' | 'diamond'): void {
  const ratio = devicePixelRatio;
  const x = Math.round(u.valToPos(index, 'x', true));
  const y = Math.round(u.valToPos(value, 'y', true)) - 4 * ratio;
  const size = 7 * ratio;
  const ctx = u.ctx;
  ctx.save();
  ctx.strokeStyle = color;
  ctx.fillStyle = color;
  ctx.setLineDash([4, 4]);
  ctx.lineWidth = 1.5 * ratio;
  ctx.beginPath();
  ctx.moveTo(x, u.bbox.top);
  ctx.lineTo(x, u.bbox.top + u.bbox.height);
  ctx.stroke();
  ctx.setLineDash([]);
  ctx.beginPath();
  if (shape === 'triangle') {
    // Pointing down at the peak, as the caption's ▼.
    ctx.moveTo(x, y);
    ctx.lineTo(x - size, y - size * 1.4);
    ctx.lineTo(x + size, y - size * 1.4);
  } else {
    // A diamond, as the caption's ◆: the second peak of a chart must differ by shape, not only by colour.
    ctx.moveTo(x, y);
    ctx.lineTo(x - size, y - size);
    ctx.lineTo(x, y - size * 2);
    ctx.lineTo(x + size, y - size);
  }
  ctx.closePath();
  ctx.fill();
  ctx.restore();
}
