// The Teams theme on the page: Teams says 'default', 'dark' or 'contrast' in the app context and
// tells the tab when the user switches. Outside Teams (development mode) `?theme=` stands in for
// it; without either, the page follows the browser's light or dark preference (board.css).

const THEMES = new Set(['default', 'dark', 'contrast']);

export function applyTheme(theme) {
  if (THEMES.has(theme)) document.documentElement.dataset.theme = theme;
  else delete document.documentElement.dataset.theme;
}

/** Sets the theme from the connection and follows Teams when it changes. */
export function followTheme(connection) {
  if (connection.mode === 'teams') {
    applyTheme(connection.context?.app?.theme);
    connection.teams.app.registerOnThemeChangeHandler?.((theme) => applyTheme(theme));
    return;
  }
  applyTheme(new URLSearchParams(location.search).get('theme'));
}
