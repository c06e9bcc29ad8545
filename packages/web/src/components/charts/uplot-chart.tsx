import { useEffect, useRef } from 'react';
import type { AlignedData, Options } from 'uplot';
import type { drawChart } from './uplot-draw';

type Draw = { drawChart: typeof drawChart };
let loaded: Draw | null = null;
const loadDraw = () =>
  import('./uplot-draw').then((m) => {
    loaded = m;
    return m;
  });

/**
 * A uPlot chart that follows its container's width. uPlot draws on a canvas, so years of daily points stay fast;
 * the series' legend is uPlot's own table, readable by screen readers, and `label` names the chart. uPlot is
 * imported when the chart is first drawn (`uplot-draw.ts`), not with the page's chunk, so a page's own content
 * does not wait for the chart library on a first visit.
 */
export function UplotChart({
  data,
  options,
  label,
  height = 220,
  onCursor,
}: {
  data: AlignedData;
  options: Omit<Options, 'width' | 'height'>;
  label: string;
  height?: number;
  /** The index of the point under the cursor (null when it leaves). */
  onCursor?: (idx: number | null) => void;
}) {
  const box = useRef<HTMLDivElement>(null);
  const cursor = useRef(onCursor);
  cursor.current = onCursor;
  const opts = useRef(options);
  opts.current = options;

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    let live = true;
    let destroy = () => {};
    const draw = (m: Draw) => {
      if (live) destroy = m.drawChart(el, opts.current, data, height, (idx) => cursor.current?.(idx));
    };
    // Once loaded, a rebuild (new data, e.g. from a parent re-rendered by this chart's own cursor) is
    // synchronous, as before: an asynchronous one would drop the chart, and the cursor on it, for a moment.
    if (loaded) draw(loaded);
    else void loadDraw().then(draw);
    return () => {
      live = false;
      destroy();
    };
    // Options are built per render by callers; the plot is rebuilt only when the data changes.
  }, [data, height]);

  // The box keeps the chart's height while uPlot loads, so nothing below it moves when it draws.
  return <div ref={box} role="img" aria-label={label} className="w-full" style={{ minHeight: height }} />;
}
