import { useEffect, useRef } from 'react';
import uPlot, { type AlignedData, type Options } from 'uplot';
import 'uplot/dist/uPlot.min.css';

/**
 * A uPlot chart that follows its container's width. uPlot draws on a canvas, so years of daily points stay fast;
 * the series' legend is uPlot's own table, readable by screen readers, and `label` names the chart.
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
  const plot = useRef<uPlot | null>(null);
  const cursor = useRef(onCursor);
  cursor.current = onCursor;

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const u = new uPlot(
      {
        ...options,
        width: el.clientWidth || 320,
        height,
        hooks: {
          ...options.hooks,
          setCursor: [(self) => cursor.current?.(self.cursor.idx ?? null)],
        },
      },
      data,
      el,
    );
    plot.current = u;
    const ro = new ResizeObserver(() => u.setSize({ width: el.clientWidth || 320, height }));
    ro.observe(el);
    return () => {
      ro.disconnect();
      u.destroy();
      plot.current = null;
    };
    // Options are built per render by callers; the plot is rebuilt only when the data changes.
  }, [data, height]);

  return <div ref={box} role="img" aria-label={label} className="w-full" />;
}
