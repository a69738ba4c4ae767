// The language switch (EN / NL) at the top of every page, and the page title in the
// chosen language. The choice is kept in localStorage and applied by reloading the
// page: every view then renders in it from the start (a meeting page comes back as
// the same person: its token is in the link or in localStorage).
//
// data-testid: lang-switch, lang-en, lang-nl.

import { h } from "../lib/dom.js";
import { LANGUAGES, STORAGE_KEY, language, t } from "../lib/i18n.js";

function choose(lang) {
  if (lang === language()) return;
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // storage disabled: the choice lasts for this page only
  }
  location.reload();
}

/** Put the switch at the top of the page and title the page `PeerCircle · <page>`. */
export function setUpPage(pageKey) {
  document.title = pageKey ? `${t("app.name")} · ${t(pageKey)}` : t("app.name");
  const buttons = LANGUAGES.map((lang) => h("button", {
    type: "button", class: ["small", "secondary", "lang-button"], lang, "data-testid": `lang-${lang}`,
    "aria-pressed": String(lang === language()), title: t(`lang.${lang}`),
    onclick: () => choose(lang),
  }, lang.toUpperCase(), h("span", { class: "visually-hidden" }, ` ${t(`lang.${lang}`)}`)));
  const nav = h("nav", { class: "lang-switch", "data-testid": "lang-switch", "aria-label": t("lang.switch") }, buttons);
  document.body.prepend(nav);
  return nav;
}
