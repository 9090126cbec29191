import * as echarts from 'echarts';
import { useEffect, useRef } from 'react';

/**
 * A minimal ECharts host: creates the chart once, replaces its option on change, follows the
 * container's size, and disposes on unmount. The chart is described by `label` for assistive
 * technology; pages show the same numbers in a table.
 */
export function EChart({ option, label, height = 320 }: { option: echarts.EChartsCoreOption; label: string; height?: number }) {
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const instance = echarts.init(el, null, { renderer: 'svg' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={host} className="rk-chart" role="img" aria-label={label} style={{ height }} />;
}
