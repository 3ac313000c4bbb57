//! Booking, step 1 (`/dat-lich/{procedure}?noi={office}`): every desk of the province that
//! receives the procedure (Decree 118/2025: any desk, whatever the address), the citizen's own
//! commune first, then the other communes, then each centre with its branches; each with its
//! address, this season's hours and whether it runs the Friday programme for the procedure.

use leptos::prelude::*;
use motcua_domain::catalogue::Level;
use motcua_domain::office::Office;
use motcua_domain::Lang;
use motcua_routes::href;
use wasm_bindgen::JsCast;

use super::{back, caption, with_desks, Desks};
use crate::components::form::{error_summary, field, options_html};
use crate::components::html::{el, Html};
use crate::components::markup::markup;
use crate::i18n::booking::{words as booking_words, BookingTexts};
use crate::i18n::{now_in_vietnam, use_i18n};
use crate::router::{use_navigate, use_params_map, use_query_map};
use motcua_domain::format::time_hm;

/// The offices receiving `procedure_id`, in the order a citizen of `home` reads them: theirs,
/// the other communes, then each centre followed by its branches.
pub fn ordered<'a>(offices: &'a [Office], procedure_id: &str, home: Option<&str>) -> Vec<&'a Office> {
    let receiving: Vec<&Office> = offices.iter().filter(|o| o.receives(procedure_id)).collect();
    let mut out: Vec<&Office> = receiving.iter().copied().filter(|o| Some(o.id.as_str()) == home).collect();
    let rest = |o: &&&Office| Some(o.id.as_str()) != home;
    out.extend(receiving.iter().filter(rest).filter(|o| o.level == Level::Commune && o.branch_of.is_none()));
    for centre in receiving.iter().filter(rest).filter(|o| o.level != Level::Commune && o.branch_of.is_none()) {
        out.push(centre);
        out.extend(receiving.iter().filter(rest).filter(|b| b.branch_of.as_deref() == Some(centre.id.as_str())));
    }
    // A branch whose centre does not receive the procedure still belongs in the list.
    let left: Vec<&Office> = receiving.into_iter().filter(|o| !out.iter().any(|x| x.id == o.id)).collect();
    out.extend(left);
    out
}

fn office_radio(o: &Office, d: &Desks, procedure_id: &str, home: Option<&str>, t: &BookingTexts, lang: Lang) -> Html {
    let id = format!("office-{}", o.id);
    let hint_id = format!("{id}-hint");
    let mut lines: Vec<String> = Vec::new();
    if Some(o.id.as_str()) == home {
        lines.push(t.yours.to_string());
    }
    if let Some(centre) = o.branch_of.as_deref().and_then(|c| d.office(c)) {
        lines.push((t.branch_of)(centre.name.get(lang)));
    }
    lines.push(o.address.get(lang).to_string());
    // This season's hours, in this bundle's words: the planner's table of strings would cost
    // the bundle its weight for two sentences.
    let span = |s: &motcua_domain::office::Session| format!("{}–{}", time_hm(s.open), time_hm(s.close));
    lines.extend(o.season(now_in_vietnam().date()).map(|h| (t.hours_line)(&span(&h.morning), &span(&h.afternoon))));
    lines.extend(o.saturday.as_ref().map(|s| (t.saturday_line)(&span(s))));
    lines.push(if o.friday_programme.covers(procedure_id) { t.friday_yes } else { t.friday_no }.to_string());
    let input = el("input")
        .attr("type", "radio")
        .id(&id)
        .attr("name", "office")
        .attr("value", &o.id)
        .attr("aria-describedby", &hint_id)
        .flag("checked", Some(o.id.as_str()) == home)
        .void();
    let hint: Html = lines.iter().map(|l| el("span").class("desk__line").text(l)).collect();
    el("div").class("radio radio--hinted desk").html(
        input
            + el("label").attr("for", &id).html(el("strong").text(o.name.get(lang)))
            + el("p").class("hint desk__hint").id(&hint_id).html(hint),
    )
}

#[component]
pub fn BookWhere() -> impl IntoView {
    let i18n = use_i18n();
    crate::components::title::use_title(move || (i18n.booking().where_heading, i18n.t().service_name));
    let params = use_params_map();
    let query = use_query_map();
    let navigate = use_navigate();
    let missing = RwSignal::new(false);
    let page = move |d: Desks, _: Vec<String>| {
        let procedure_id = params.with(|p| p.get("id")).unwrap_or_default();
        let Some(procedure) = d.procedure(&procedure_id).cloned() else {
            return view! { <p class="notice" role="alert">{booking_words(|t| t.no_procedure)}</p> }.into_any();
        };
        let d = StoredValue::new(d);
        let navigate = navigate.clone();
        let pid = procedure_id.clone();
        let on_submit = move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let Some(form) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok()) else { return };
            let office = field(&form, "office");
            if office.is_empty() {
                missing.set(true);
                crate::components::form::focus_summary();
                return;
            }
            navigate(&href::book_when(&pid, &office, None), Default::default());
        };
        let navigate_home = use_navigate();
        let pid_home = procedure_id.clone();
        let on_home = move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let Some(form) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok()) else { return };
            let home = field(&form, "noi");
            let home = (!home.is_empty()).then_some(home);
            navigate_home(&href::book_where(&pid_home, home.as_deref()), Default::default());
        };
        let pid_list = procedure_id.clone();
        let list = move || {
            let (t, lang) = (i18n.booking(), i18n.lang());
            let home = query.with(|q| q.get("noi")).filter(|h| !h.is_empty());
            d.with_value(|d| {
                let radios: Html = ordered(&d.offices, &pid_list, home.as_deref())
                    .into_iter()
                    .map(|o| office_radio(o, d, &pid_list, home.as_deref(), t, lang))
                    .collect();
                let error =
                    missing.get().then(|| el("p").class("error-message").id("office-error").text(t.choose_office));
                let legend = el("legend").class("visually-hidden").text(t.where_heading);
                let group = if missing.get() { "form-group form-group--error" } else { "form-group" };
                el("div").class(group).html(
                    el("fieldset")
                        .class("fieldset")
                        .attr("aria-describedby", "where-hint")
                        .html(legend + Html::from(error) + el("div").class("radios radios--stacked").html(radios)),
                )
            })
        };
        let pid_home_select = procedure_id.clone();
        let home_select = move || {
            let (t, lang) = (i18n.booking(), i18n.lang());
            let home = query.with(|q| q.get("noi")).unwrap_or_default();
            d.with_value(|d| {
                let communes: Vec<(&str, &str)> = d
                    .offices
                    .iter()
                    .filter(|o| o.level == Level::Commune && o.receives(&pid_home_select))
                    .map(|o| (o.id.as_str(), o.name.get(lang)))
                    .collect();
                let first = el("option").attr("value", "").text(t.home_none);
                el("label").class("label").attr("for", "noi").text(t.home_label)
                    + el("select")
                        .class("select")
                        .id("noi")
                        .attr("name", "noi")
                        .html(first + options_html(communes, &home))
            })
        };
        view! {
            {back(href::procedure(&procedure_id))}
            {caption(&procedure)}
            {move || error_summary(i18n.booking().error_summary, if missing.get() { vec![("office-list".to_string(), i18n.booking().choose_office.to_string())] } else { Vec::new() })}
            <h1>{booking_words(|t| t.where_heading)}</h1>
            <p class="hint" id="where-hint">{booking_words(|t| t.where_hint)}</p>
            <form class="home-form form-group" novalidate on:submit=on_home>
                {markup(home_select)}
                <button type="submit" class="button button--secondary">{booking_words(|t| t.home_apply)}</button>
            </form>
            <form novalidate on:submit=on_submit>
                <div id="office-list">{markup(list)}</div>
                <button type="submit" class="button">{booking_words(|t| t.continue_)}</button>
            </form>
        }
        .into_any()
    };
    with_desks(Vec::new, page)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn office(id: &str, level: Level, branch_of: Option<&str>, receives: bool) -> Office {
        let json = serde_json::json!({
            "id": id, "name": {"vi": id, "en": id}, "level": match level { Level::Commune => "commune", Level::District => "district", Level::Province => "province" },
            "address": {"vi": "", "en": ""}, "unit_code": "000.00.00.H26", "hours": [], "saturday": null,
            "friday_programme": {"enabled": false, "cutoff": "15:30", "next_day_by": "09:00", "procedure_ids": []},
            "procedure_ids": if receives { vec!["P"] } else { vec![] }, "branch_of": branch_of,
        });
        serde_json::from_value(json).unwrap()
    }

    #[test]
    fn the_citizen_s_commune_first_then_communes_then_each_centre_with_its_branches() {
        let offices = vec![
            office("centre", Level::Province, None, true),
            office("a", Level::Commune, None, true),
            office("branch-1", Level::Province, Some("centre"), true),
            office("b", Level::Commune, None, true),
            office("not-here", Level::Commune, None, false),
            office("other-centre", Level::Province, None, false),
            office("orphan", Level::Province, Some("other-centre"), true),
        ];
        let ids = |home: Option<&str>| ordered(&offices, "P", home).iter().map(|o| o.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(Some("b")), ["b", "a", "centre", "branch-1", "orphan"]);
        assert_eq!(ids(None), ["a", "b", "centre", "branch-1", "orphan"]);
        assert_eq!(ids(Some("branch-1")), ["branch-1", "a", "b", "centre", "orphan"], "a branch may be one's own desk");
        assert_eq!(
            ids(Some("not-here")),
            ["a", "b", "centre", "branch-1", "orphan"],
            "a desk that does not receive it is not listed"
        );
    }
}
