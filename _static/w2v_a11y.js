// Accessible names for two buttons of the theme (pydata-sphinx-theme, under sphinx-book-theme): issue 12.
//
// WCAG 2.5.3, "label in name" (axe-core's rule label-content-name-mismatch): the name a screen reader
// announces for a control must contain the text the control shows, so that a user of speech input can
// say what they see. The theme breaks it twice, on every page:
// - the search field button shows "Search Ctrl+K" but its aria-label names it "Search". Without the
//   aria-label its name is what it shows.
// - the colour-mode button shows one icon, titled after the mode ("Light", "Dark", "System Settings"),
//   but its aria-label is "Color mode". Its name becomes "Color mode: " and the shown icon's title, and
//   follows the mode as the button cycles through them.
// Both buttons exist only with JavaScript (the theme's class pst-js-only), so fixing them here costs a
// reader without scripts nothing. The theme's templates are left as they are.

function nameSearchButtons() {
  document.querySelectorAll("button.search-button-field[aria-label]").forEach((button) => {
    button.removeAttribute("aria-label");
  });
}

function shownModeTitle(button) {
  const mode = document.documentElement.dataset.mode || "auto";
  // Font Awesome turns each <i title="..."> into an <svg> holding a <title>; either may be there.
  const icon = button.querySelector(`.theme-switch[data-mode="${mode}"]`);
  if (!icon) return "";
  const title = icon.getAttribute("title") || (icon.querySelector("title") || {}).textContent || "";
  return title.trim();
}

function nameThemeSwitches() {
  document.querySelectorAll("button.theme-switch-button").forEach((button) => {
    const title = shownModeTitle(button);
    const name = title ? `Color mode: ${title}` : "Color mode";
    if (button.getAttribute("aria-label") !== name) button.setAttribute("aria-label", name);
  });
}

function fixThemeButtons() {
  nameSearchButtons();
  nameThemeSwitches();
  new MutationObserver(nameThemeSwitches).observe(document.documentElement,
                                                  {attributes: true, attributeFilter: ["data-mode"]});
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fixThemeButtons);
else fixThemeButtons();
