/**
 * Light or dark: the browser's preference unless the person chose one, kept in localStorage. The
 * choice is applied as `<html data-theme>` (globals.css maps it to the palette) by a tiny inline
 * script before the first paint — no flash of the wrong theme — and again by the theme control.
 */
export const themeStorageKey = "theme";

/** What the person may choose. */
export const themeChoices = ["system", "light", "dark"] as const;
export type ThemeChoice = (typeof themeChoices)[number];

/**
 * Runs inline in `<head>` (with the page's CSP nonce): applies the stored choice, and follows the
 * system preference while the choice is "system". Kept small and dependency-free on purpose.
 */
export const themeScript = `(function(){var k=${JSON.stringify(themeStorageKey)},m=matchMedia("(prefers-color-scheme: dark)");function a(){var c=null;try{c=localStorage.getItem(k)}catch(e){}document.documentElement.dataset.theme=c==="dark"||(c!=="light"&&m.matches)?"dark":"light"}a();m.addEventListener("change",a);addEventListener("storage",a);addEventListener("themechange",a)})()`;
