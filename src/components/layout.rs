use leptos::prelude::*;
use motcua_domain::Lang;

use crate::i18n::{use_i18n, words};

/// The frame of every page. Its markup matches the static shell of index.html, so nothing moves
/// when the app takes over.
#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let kiosk = crate::kiosk::is_on();
    crate::kiosk::mark_document();
    if kiosk {
        crate::kiosk::idle::start(crate::i18n::use_i18n());
    }
    view! {
        <a class="skip-link" href="#main">{words(|t| t.skip_to_content)}</a>
        <header class="site-header">
            <div class="site-header__inner">
                <a href="/" class="site-header__name">
                    {words(|t| t.service_name)}
                    <span class="site-header__tagline">{words(|t| t.service_tagline)}</span>
                </a>
                <div class="site-header__tools">
                    {kiosk.then(|| view! { <crate::kiosk::FinishButton/> })}
                    <LanguageSwitch/>
                </div>
            </div>
        </header>

        <main id="main" class="page" tabindex="-1" on:click=crate::components::form::follow_summary_link>{children()}</main>
        <footer class="site-footer">
            <div class="site-footer__inner">
                <p>{words(|t| t.footer_note)}</p>
                <ul class="footer-links">
                    <li><a class="nav-link" href=motcua_routes::href::TRACKING>{words(|t| t.track_link)}</a></li>
                    <li><a class="nav-link" href=motcua_routes::href::FIGURES>{words(|t| t.figures_link)}</a></li>
                </ul>
                <p class="muted">{words(|t| t.footer_data_note)}</p>
            </div>
        </footer>
    }
}

/// One button naming the other language in that language, as people look for their own.
#[component]
fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let other = move || match i18n.lang() {
        Lang::Vi => Lang::En,
        Lang::En => Lang::Vi,
    };
    view! {
        <button
            type="button"
            class="lang-switch"
            lang=move || other().tag()
            title=words(|t| t.switch_language_hint)
            on:click=move |_| i18n.set(other())
        >
            {words(|t| t.switch_language)}
        </button>
    }
}
