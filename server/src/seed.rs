//! The data the reference back end starts with, committed in `server/data/` and compiled in, so
//! the binary stands alone. A province replaces these files, not code.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use motcua_domain::calendar::{DayOff, MakeUpDay};
use motcua_domain::catalogue::{Channel, Field, Level, RequirementKind};
use motcua_domain::forms::FormDefinition;
use motcua_domain::office::{FridayProgramme, SeasonHours, Session};
use motcua_domain::Text;
use serde::Deserialize;

pub const CATALOGUE_JSON: &str = include_str!("../data/catalogue.json");
pub const OFFICES_JSON: &str = include_str!("../data/offices.json");
pub const CALENDAR_JSON: &str = include_str!("../data/calendar.json");
pub const SYNONYMS_JSON: &str = include_str!("../data/synonyms.json");
/// What these desks do not handle, and who does (see `catalogue::Elsewhere`).
pub const ELSEWHERE_JSON: &str = include_str!("../data/elsewhere.json");
/// Declaration forms, one file each, and the choice lists they name.
pub const FORMS_JSON: [(&str, &str); 5] = [
    ("to-khai-khai-sinh.json", include_str!("../data/forms/to-khai-khai-sinh.json")),
    ("to-khai-ket-hon.json", include_str!("../data/forms/to-khai-ket-hon.json")),
    ("to-khai-xac-nhan-hon-nhan.json", include_str!("../data/forms/to-khai-xac-nhan-hon-nhan.json")),
    ("to-khai-khai-tu.json", include_str!("../data/forms/to-khai-khai-tu.json")),
    ("giay-de-nghi-ho-kinh-doanh.json", include_str!("../data/forms/giay-de-nghi-ho-kinh-doanh.json")),
];
pub const FORM_LISTS_JSON: &str = include_str!("../data/forms/lists.json");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogueSeed {
    #[serde(rename = "_about")]
    pub about: String,
    pub fields: Vec<Field>,
    pub procedures: Vec<ProcedureSeed>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProcedureSeed {
    pub id: String,
    pub national_code: Option<String>,
    pub name: Text,
    pub field_id: String,
    pub level: Level,
    pub processing_days: Option<u16>,
    pub processing_note_vi: Option<String>,
    #[serde(default)]
    pub processing_note_en: Option<String>,
    pub fee_vnd: Option<u64>,
    pub fee_note_vi: Option<String>,
    #[serde(default)]
    pub fee_note_en: Option<String>,
    pub channels: Vec<Channel>,
    pub channels_are_assumption: bool,
    pub requirements: Vec<RequirementSeed>,
    pub notes: Vec<Text>,
    pub legal_basis: String,
    pub sources: Vec<String>,
    /// For the people who keep the data: what is assumed or unverified. Never served.
    #[serde(default)]
    pub curator_notes: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequirementSeed {
    pub id: String,
    pub name: Text,
    pub kind: RequirementKind,
    pub required: bool,
    pub copies: u32,
    /// For the people who keep the data; never served.
    #[serde(default)]
    pub curator_note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OfficesSeed {
    #[serde(rename = "_about")]
    pub about: String,
    pub online_outside_hours: OutsideHoursRule,
    pub offices: Vec<OfficeSeed>,
}

/// When a dossier filed online while the desks are closed counts as received: a province's
/// rule, kept in the data as a marked assumption (its `curator_note` says so).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutsideHoursRule {
    /// `next_opening`: at the desk's next opening, which the receipt then names; `submission`:
    /// the receipt names only the moment of submission.
    pub counts_from: String,
    pub curator_note: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OfficeSeed {
    pub id: String,
    pub name: Text,
    pub level: Level,
    pub address: Text,
    pub unit_code: String,
    pub unit_code_is_sample: bool,
    /// The name stands in for one not yet confirmed (the communes after the 2025 merger).
    pub name_is_sample: bool,
    pub hours: Vec<SeasonHours>,
    pub saturday: Option<Session>,
    pub friday_programme: FridayProgramme,
    pub procedure_ids: Vec<String>,
    /// How the desk takes appointments: counters and window length (15 or 30 minutes).
    pub desk: DeskSeed,
    /// The centre (an office's id) this office is a branch of.
    #[serde(default)]
    pub branch_of: Option<String>,
    /// For whoever keeps the data; never served.
    pub curator_note: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeskSeed {
    pub counters: u32,
    pub window_minutes: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalendarSeed {
    #[serde(rename = "_about")]
    pub about: String,
    pub days_off: Vec<DayOff>,
    pub make_up_days: Vec<MakeUpDay>,
    pub published_from: NaiveDate,
    pub published_through: NaiveDate,
}

/// Everyday words citizens use for procedures, by procedure id.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SynonymsSeed {
    #[serde(rename = "_about")]
    pub about: String,
    pub synonyms: BTreeMap<String, Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ElsewhereSeed {
    #[serde(rename = "_about")]
    pub about: String,
    pub elsewhere: Vec<motcua_domain::catalogue::Elsewhere>,
}

pub struct Seed {
    pub catalogue: CatalogueSeed,
    pub offices: OfficesSeed,
    pub calendar: CalendarSeed,
    pub synonyms: SynonymsSeed,
    pub forms: Vec<FormDefinition>,
    pub elsewhere: ElsewhereSeed,
}

/// A form file as committed: curator notes (anywhere) are dropped, and an `options` naming a
/// list of `lists.json` ("ethnicities") becomes that list.
fn load_form(name: &str, json: &str, lists: &serde_json::Value) -> Result<FormDefinition, String> {
    fn resolve(v: &mut serde_json::Value, lists: &serde_json::Value) -> Result<(), String> {
        match v {
            serde_json::Value::Object(map) => {
                map.remove("curator_note");
                if let Some(serde_json::Value::String(list)) = map.get("options") {
                    let named = lists.get(list.as_str()).ok_or(format!("options names an unknown list {list:?}"))?;
                    map.insert("options".into(), named.clone());
                }
                map.values_mut().try_for_each(|x| resolve(x, lists))
            }
            serde_json::Value::Array(items) => items.iter_mut().try_for_each(|x| resolve(x, lists)),
            _ => Ok(()),
        }
    }
    let mut v: serde_json::Value = serde_json::from_str(json).map_err(|e| format!("forms/{name}: {e}"))?;
    resolve(&mut v, lists).map_err(|e| format!("forms/{name}: {e}"))?;
    let form: FormDefinition = serde_json::from_value(v).map_err(|e| format!("forms/{name}: {e}"))?;
    match form.problems().first() {
        Some(p) => Err(format!("forms/{name}: {p}")),
        None => Ok(form),
    }
}

impl Seed {
    /// Parses and cross-checks the committed data; any inconsistency is a start-up error naming
    /// the entry, never a half-seeded database.
    pub fn load() -> Result<Seed, String> {
        let catalogue: CatalogueSeed =
            serde_json::from_str(CATALOGUE_JSON).map_err(|e| format!("catalogue.json: {e}"))?;
        let offices: OfficesSeed = serde_json::from_str(OFFICES_JSON).map_err(|e| format!("offices.json: {e}"))?;
        let calendar: CalendarSeed = serde_json::from_str(CALENDAR_JSON).map_err(|e| format!("calendar.json: {e}"))?;
        let synonyms: SynonymsSeed = serde_json::from_str(SYNONYMS_JSON).map_err(|e| format!("synonyms.json: {e}"))?;
        let elsewhere: ElsewhereSeed =
            serde_json::from_str(ELSEWHERE_JSON).map_err(|e| format!("elsewhere.json: {e}"))?;
        let lists: serde_json::Value =
            serde_json::from_str(FORM_LISTS_JSON).map_err(|e| format!("forms/lists.json: {e}"))?;
        let forms = FORMS_JSON.iter().map(|(name, json)| load_form(name, json, &lists)).collect::<Result<_, _>>()?;
        let seed = Seed { catalogue, offices, calendar, synonyms, forms, elsewhere };
        seed.check()?;
        Ok(seed)
    }

    fn check(&self) -> Result<(), String> {
        let rule = &self.offices.online_outside_hours.counts_from;
        if !matches!(rule.as_str(), "next_opening" | "submission") {
            return Err(format!(
                "offices.json: online_outside_hours.counts_from is {rule:?}; use \"next_opening\" or \"submission\""
            ));
        }
        let fields: BTreeMap<&str, &Field> = self.catalogue.fields.iter().map(|f| (f.id.as_str(), f)).collect();
        let mut ids = BTreeMap::new();
        for p in &self.catalogue.procedures {
            if ids.insert(p.id.as_str(), p).is_some() {
                return Err(format!("procedure {} appears twice", p.id));
            }
            if !fields.contains_key(p.field_id.as_str()) {
                return Err(format!("procedure {} has unknown field {}", p.id, p.field_id));
            }
        }
        if let Some(id) = self.synonyms.synonyms.keys().find(|id| !ids.contains_key(id.as_str())) {
            return Err(format!("synonyms.json names unknown procedure {id}"));
        }
        for o in &self.offices.offices {
            for id in o.procedure_ids.iter().chain(&o.friday_programme.procedure_ids) {
                if !ids.contains_key(id.as_str()) {
                    return Err(format!("office {} lists unknown procedure {id}", o.id));
                }
            }
            if let Some(centre) = &o.branch_of {
                let top = self.offices.offices.iter().find(|c| &c.id == centre);
                if top.is_none_or(|c| c.branch_of.is_some() || c.id == o.id) {
                    return Err(format!("office {} is a branch of {centre}, which is no centre here", o.id));
                }
            }
        }
        for f in &self.forms {
            let procedure = ids
                .get(f.procedure_id.as_str())
                .ok_or(format!("form {} names unknown procedure {}", f.id, f.procedure_id))?;
            if !procedure.requirements.iter().any(|r| r.id == f.replaces_requirement) {
                return Err(format!(
                    "form {} replaces {}, not a requirement of {}",
                    f.id, f.replaces_requirement, f.procedure_id
                ));
            }
        }
        let mut seen = std::collections::BTreeSet::new();
        for e in &self.elsewhere.elsewhere {
            if !seen.insert(e.id.as_str()) || e.keywords.is_empty() {
                return Err(format!("elsewhere.json: {} appears twice or has no keywords", e.id));
            }
        }
        let calendar = motcua_domain::calendar::Calendar {
            days_off: self.calendar.days_off.clone(),
            make_up_days: self.calendar.make_up_days.clone(),
            published_from: self.calendar.published_from,
            published_through: self.calendar.published_through,
        };
        calendar.validate().map_err(|e| format!("calendar.json: {e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use motcua_domain::calendar::Certainty;

    #[test]
    fn committed_seed_is_consistent() {
        let seed = Seed::load().expect("seed loads");
        assert_eq!(seed.catalogue.procedures.len(), 40);
        // Two-level local government since 1/7/2025: no district desk, no district procedure.
        assert!(seed.catalogue.procedures.iter().all(|p| p.level == Level::Commune));
        assert!(seed.offices.offices.iter().all(|o| o.level != Level::District));
        // Any desk of the province (Decree 118/2025): a province-level centre with branches, each
        // receiving every procedure.
        let centre = seed.offices.offices.iter().find(|o| o.level == Level::Province && o.branch_of.is_none());
        let centre = centre.expect("a province-level centre");
        let branches: Vec<_> =
            seed.offices.offices.iter().filter(|o| o.branch_of.as_ref() == Some(&centre.id)).collect();
        assert!(branches.len() >= 2, "with branches");
        for o in branches.iter().copied().chain([centre]) {
            assert_eq!(o.procedure_ids.len(), seed.catalogue.procedures.len(), "{} receives every procedure", o.id);
        }
        assert!(seed.catalogue.procedures.iter().any(|p| p.name.vi == "Đăng ký khai sinh"));
        assert!(!seed.offices.offices.is_empty());
    }

    /// Every text a citizen reads, with where it comes from.
    fn citizens_read(seed: &Seed) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let mut add = |at: String, text: &str| out.push((at, text.to_string()));
        for p in &seed.catalogue.procedures {
            add(format!("{} name", p.id), &p.name.vi);
            add(format!("{} name (en)", p.id), &p.name.en);
            for (k, v) in [
                ("processing_note_vi", &p.processing_note_vi),
                ("processing_note_en", &p.processing_note_en),
                ("fee_note_vi", &p.fee_note_vi),
                ("fee_note_en", &p.fee_note_en),
            ] {
                if let Some(v) = v {
                    add(format!("{} {k}", p.id), v);
                }
            }
            for (i, n) in p.notes.iter().enumerate() {
                add(format!("{} notes[{i}]", p.id), &n.vi);
                add(format!("{} notes[{i}] (en)", p.id), &n.en);
            }
            for r in &p.requirements {
                add(r.id.clone(), &r.name.vi);
                add(format!("{} (en)", r.id), &r.name.en);
            }
        }
        for f in &seed.forms {
            add(format!("{} title", f.id), &f.title.vi);
            for page in &f.pages {
                add(format!("{} {}", f.id, page.id), &page.title.vi);
                for q in page.questions.iter().chain(page.questions.iter().flat_map(|q| &q.questions)) {
                    add(format!("{} {}", f.id, q.id), &q.label.vi);
                    add(format!("{} {} (en)", f.id, q.id), &q.label.en);
                    if let Some(h) = &q.hint {
                        add(format!("{} {} hint", f.id, q.id), &h.vi);
                        add(format!("{} {} hint (en)", f.id, q.id), &h.en);
                    }
                }
            }
            for r in &f.date_rules {
                add(format!("{} rule {}", f.id, r.earlier), &r.message.vi);
                add(format!("{} rule {} (en)", f.id, r.earlier), &r.message.en);
            }
        }
        for e in &seed.elsewhere.elsewhere {
            for (k, t) in [("topic", &e.topic), ("who", &e.who), ("how", &e.how)] {
                add(format!("elsewhere {} {k}", e.id), &t.vi);
                add(format!("elsewhere {} {k} (en)", e.id), &t.en);
            }
        }
        out
    }

    #[test]
    fn citizens_read_no_research_notes_in_either_language() {
        let seed = Seed::load().unwrap();
        // Notes for whoever keeps the data, legal shorthand and symbols: the legal basis has a
        // field of its own; a citizen reads plain words.
        let refused = [
            "CSDL",
            "→",
            "≤",
            "≥",
            "NĐ ",
            "NQ ",
            "QĐ ",
            "TT-",
            "TT ",
            "Điều ",
            "khoản ",
            "ví dụ công khai",
            "không có trong",
            "một số địa phương",
            " DB",
            "lookup",
            "database",
            "Decree",
            "Circular",
            "art.",
            "HĐND",
            "DVC",
            "Hải Phòng",
        ];
        let mut found = Vec::new();
        for (at, text) in citizens_read(&seed) {
            for r in refused {
                if text.contains(r) {
                    found.push(format!("{at}: {r:?} in {text:?}"));
                }
            }
            // The catalogue's English is English: no Vietnamese letter (a form's example may name
            // a Vietnamese person or business, and is left out of this).
            let catalogue = at.starts_with("XA-");
            if catalogue && (at.ends_with("(en)") || at.ends_with("_en")) {
                if let Some(c) =
                    text.chars().find(|c| "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệịỉĩọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ".contains(*c))
                {
                    found.push(format!("{at}: Vietnamese {c:?} in {text:?}"));
                }
            }
        }
        assert!(found.is_empty(), "{} texts a citizen should not read:\n{}", found.len(), found.join("\n"));
        // Every note has its English, and a time note says the same days as the time limit.
        for p in &seed.catalogue.procedures {
            assert_eq!(p.processing_note_vi.is_some(), p.processing_note_en.is_some(), "{}", p.id);
            assert_eq!(p.fee_note_vi.is_some(), p.fee_note_en.is_some(), "{}", p.id);
            let stated = p.processing_note_vi.as_deref().and_then(|n| {
                let digits: String = n.chars().take_while(|c| c.is_ascii_digit()).collect();
                n[digits.len()..].starts_with(" ngày làm việc").then(|| digits.parse::<u16>().ok()).flatten()
            });
            if let Some(days) = stated {
                assert_eq!(Some(days), p.processing_days, "{}: the note says {days} days", p.id);
            }
        }
    }

    #[test]
    fn unconfirmed_days_keep_their_marker() {
        let seed = Seed::load().unwrap();
        let culture_day = seed
            .calendar
            .days_off
            .iter()
            .find(|d| d.date == NaiveDate::from_ymd_opt(2026, 11, 24).unwrap())
            .expect("24/11/2026 is listed");
        assert_eq!(culture_day.certainty, Certainty::Unconfirmed);
    }
}
