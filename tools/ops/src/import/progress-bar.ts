/** What `import status` shows of an import (config-service's GET …/imports/:id). */
export interface ImportProgressView {
  status: string;
  done: number;
  total: number | null;
  ratePerSecond: number | null;
  etaSeconds: number | null;
  window: { index: number; count: number };
}

/** 3725 → "1h02m05s"; 65 → "1m05s"; 7 → "7s". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  if (h > 0) return `${h}h${String(m).padStart(2, '0')}m${String(rest).padStart(2, '0')}s`;
  if (m > 0) return `${m}m${String(rest).padStart(2, '0')}s`;
  return `${rest}s`;
}

/**
 * One line of progress: `[#########...........] 450/1000 45% 12.5/s ETA 44s window 2/3 running`.
 * `width` is the bar's length in characters. Pure.
 */
export function progressLine(view: ImportProgressView, width = 30): string {
  const fraction = view.total === null || view.total === 0 ? (view.status === 'done' ? 1 : 0) : Math.min(1, view.done / view.total);
  const filled = Math.floor(fraction * width);
  const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
  const count = view.total === null ? `${view.done}/?` : `${view.done}/${view.total} ${Math.floor(fraction * 100)}%`;
  const rate = view.ratePerSecond === null ? '-/s' : `${view.ratePerSecond}/s`;
  const eta = view.etaSeconds === null ? 'ETA -' : `ETA ${formatDuration(view.etaSeconds)}`;
  return `${bar} ${count} ${rate} ${eta} window ${view.window.index}/${view.window.count} ${view.status}`;
}
