import uPlot, { type AlignedData, type Options } from 'uplot';
import 'uplot/dist/uPlot.min.css';

/**
 * uPlot itself (~22 KB gz with its CSS), loaded by `UplotChart` only when a chart is drawn: the pages that show
 * a chart below their main content (dashboard, rehab programme) then paint that content without waiting for it.
 */
export function drawChart(
  el: HTMLElement,
  options: Omit<Options, 'width' | 'height'>,
  data: AlignedData,
  height: number,
  onCursor: (idx: number | null) => void,
): () => void {
  const u = new uPlot(
    {
      ...options,
      width: el.clientWidth || 320,
      height,
      hooks: { ...options.hooks, setCursor: [(self) => onCursor(self.cursor.idx ?? null)] },
    },
    data,
    el,
  );
  const ro = new ResizeObserver(() => u.setSize({ width: el.clientWidth || 320, height }));
  ro.observe(el);
  return () => {
    ro.disconnect();
    u.destroy();
  };
}
