/** What the app's charts share: the NL Design System font and text colour and a short animation. */
export const CHART_BASE = {
  textStyle: { fontFamily: '"Noto Sans Variable", Arial, sans-serif', color: '#1a1a1a' },
  animationDuration: 300,
};

/** The legend below a chart. */
export const CHART_LEGEND = { bottom: 0, left: 0, itemGap: 20, textStyle: { fontSize: 13 } };

/** Text for an ECharts tooltip, which is HTML. */
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
