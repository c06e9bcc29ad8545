import { useEffect, useRef } from 'react';
import type { AlignedData, Options } from 'uplot';

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
    void import('./uplot-draw').then(({ drawChart }) => {
      if (live) destroy = drawChart(el, opts.current, data, height, (idx) => cursor.current?.(idx));
    });
    return () => {
      live = false;
      destroy();
    };
    // Options are built per render by callers; the plot is rebuilt only when the data changes.
  }, [data, height]);

  // The box keeps the chart's height while uPlot loads, so nothing below it moves when it draws.
  return <div ref={box} role="img" aria-label={label} className="w-full" style={{ minHeight: height }} />;
}
