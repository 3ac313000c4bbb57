//! The procedure catalogue as the API serves it, and the pure operations the app runs on it.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::Text;

/// Level of government that receives the procedure. `District` is kept for the catalogue of
/// procedures defined before the two-level reform of 1 July 2025; the data says where each is
/// received today.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", try_from = "String")]
pub enum Level {
    Commune,
    District,
    Province,
}
crate::enum_from_wire_name!(Level { "commune" => Commune, "district" => District, "province" => Province });

/// How a dossier may be filed (national `KenhThucHien` codes, with online split by Decree 42/2022
/// into fully and partly online).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", try_from = "String")]
pub enum Channel {
    InPerson,
    Post,
    OnlinePartial,
    OnlineFull,
}
crate::enum_from_wire_name!(Channel {
    "in_person" => InPerson, "post" => Post, "online_partial" => OnlinePartial, "online_full" => OnlineFull
});

/// Legal processing time.
// Read through a plain struct: serde's internally tagged enums buffer their input and cost the
// wasm about 4 KiB per type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", try_from = "ProcessingWire")]
pub enum ProcessingTime {
    /// Returned the day it is received (moves to the next working day after the legal cut-off).
    SameDay,
    /// A number of working days after receipt.
    WorkingDays { days: u16 },
    /// The legal text found does not state it.
    Unknown,
}

#[derive(Deserialize)]
#[serde(try_from = "String")]
enum ProcessingKind {
    SameDay,
    WorkingDays,
    Unknown,
}
crate::enum_from_wire_name!(ProcessingKind { "same_day" => SameDay, "working_days" => WorkingDays, "unknown" => Unknown });

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProcessingWire {
    kind: ProcessingKind,
    days: Option<u16>,
}

impl TryFrom<ProcessingWire> for ProcessingTime {
    type Error = &'static str;

    fn try_from(w: ProcessingWire) -> Result<Self, Self::Error> {
        match (w.kind, w.days) {
            (ProcessingKind::SameDay, None) => Ok(ProcessingTime::SameDay),
            (ProcessingKind::WorkingDays, Some(days)) => Ok(ProcessingTime::WorkingDays { days }),
            (ProcessingKind::Unknown, None) => Ok(ProcessingTime::Unknown),
            (ProcessingKind::WorkingDays, None) => Err("working_days needs days"),
            _ => Err("only working_days takes days"),
        }
    }
}

impl ProcessingTime {
    pub fn from_days(days: Option<u16>) -> Self {
        match days {
            Some(0) => ProcessingTime::SameDay,
            Some(days) => ProcessingTime::WorkingDays { days },
            None => ProcessingTime::Unknown,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Field {
    pub id: String,
    pub name: Text,
}

/// What the catalogue list shows of a procedure; enough to browse, group and search it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcedureSummary {
    /// Our own stable id (the national code is not unique per level and is sometimes unknown).
    pub id: String,
    /// National procedure code `d.dddddd`, when verified.
    pub national_code: Option<String>,
    pub name: Text,
    pub field_id: String,
    pub level: Level,
    pub processing: ProcessingTime,
    /// Fee in đồng; `None` when the locality's amount is not known.
    pub fee_vnd: Option<u64>,
    pub channels: Vec<Channel>,
    /// Offered in the "No-waiting Friday" programme by at least one office.
    pub friday_programme: bool,
    /// Everyday words citizens use for this procedure ("lấy vợ" for marriage registration),
    /// searched along with its name.
    #[serde(default)]
    pub keywords: Vec<String>,
}

/// What the citizen does with a document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", try_from = "String")]
pub enum RequirementKind {
    /// Handed in (a copy or the original), or uploaded when applying online.
    Submit,
    /// Only shown to the officer, who hands it back.
    Show,
    /// Only the information is given (e.g. a number the office looks up).
    ProvideInfo,
}
crate::enum_from_wire_name!(RequirementKind { "submit" => Submit, "show" => Show, "provide_info" => ProvideInfo });

/// A document the dossier needs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Requirement {
    pub id: String,
    pub name: Text,
    pub kind: RequirementKind,
    /// `false`: needed only in the case its name describes.
    pub required: bool,
    pub copies: u32,
    /// File types an upload for it may be (checked by content).
    pub accepted_types: Vec<crate::files::FileType>,
    /// Largest file accepted, in bytes.
    pub max_bytes: u64,
    /// A blank form to download, where one exists. Shown only if [`safe_link`] takes it.
    pub form_url: Option<String>,
}

impl Requirement {
    /// The blank form's address when it is one a page may link to.
    pub fn blank_form(&self) -> Option<&str> {
        self.form_url.as_deref().and_then(safe_link)
    }
}

/// `href` if a citizen's page may link to it: a path on this site (`/thu-tuc/…`) or an `https:`
/// address, nothing that runs (`javascript:`, `data:`) or leaves for an unknown scheme.
pub fn safe_link(href: &str) -> Option<&str> {
    let h = href.trim();
    let on_site = h.starts_with('/') && !h.starts_with("//") && !h.starts_with("/\\");
    let https = h.get(..8).is_some_and(|p| p.eq_ignore_ascii_case("https://")) && h.len() > 8;
    let clean = !h.chars().any(|c| c.is_control() || c.is_whitespace());
    ((on_site || https) && clean).then_some(h)
}

/// `GET /api/v1/procedures/{id}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcedureDetail {
    pub summary: ProcedureSummary,
    pub requirements: Vec<Requirement>,
    /// Things to know that are not documents.
    pub notes: Vec<Text>,
    pub processing_note_vi: Option<String>,
    pub fee_note_vi: Option<String>,
    /// The same notes in English (a back end that has none: the page shows the Vietnamese).
    #[serde(default)]
    pub processing_note_en: Option<String>,
    #[serde(default)]
    pub fee_note_en: Option<String>,
    pub legal_basis: String,
    /// Offices that receive it.
    pub office_ids: Vec<String>,
}

impl ProcedureDetail {
    /// Names of the required documents to hand in or show, the checklist of a visit.
    pub fn required_documents(&self) -> impl Iterator<Item = &Requirement> {
        self.requirements.iter().filter(|r| r.required && r.kind != RequirementKind::ProvideInfo)
    }
}

/// Only the documents of a `GET /api/v1/procedures/{id}` answer (the rest is skipped): the
/// planner's checklist needs no more, and a smaller decoder keeps its wasm within budget.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct ProcedureDocuments {
    pub requirements: Vec<Requirement>,
}

impl ProcedureDocuments {
    /// The documents to hand in or show, the checklist of a visit.
    pub fn required(&self) -> impl Iterator<Item = &Requirement> {
        self.requirements.iter().filter(|r| r.required && r.kind != RequirementKind::ProvideInfo)
    }
}

/// `GET /api/v1/procedures`: the whole catalogue in one answer, fields included, so a phone on a
/// weak link makes one request to browse and search offline. `P`: what is read of each
/// procedure (the planner reads a [`ProcedureBrief`]).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcedureList<P = ProcedureSummary, E = Elsewhere> {
    pub fields: Vec<Field>,
    pub procedures: Vec<P>,
    /// What citizens look for here that these desks do not handle, and who does (a reader that
    /// has no use for it reads `serde::de::IgnoredAny`).
    #[serde(default = "Vec::new", skip_serializing_if = "Vec::is_empty")]
    pub elsewhere: Vec<E>,
}

/// A matter these desks do not handle (residence registration, land, ID cards…): the words
/// citizens use for it, who handles it and where to go, so that a search for it gets an answer
/// instead of unrelated procedures.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Elsewhere {
    pub id: String,
    /// Everyday words for it, in both languages (matched like search words: with or without
    /// diacritics).
    pub keywords: Vec<String>,
    /// What it is, as a citizen would name it.
    pub topic: Text,
    /// Who handles it.
    pub who: Text,
    /// Where and how to apply.
    pub how: Text,
}

/// What the Friday planner reads of a catalogue entry (the rest of the answer is skipped): a
/// smaller decoder keeps the planner's wasm within its budget.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct ProcedureBrief {
    pub id: String,
    pub name: Text,
    pub field_id: String,
    pub processing: ProcessingTime,
    pub friday_programme: bool,
}

/// What grouping by field needs of a procedure.
pub trait InField {
    fn field_id(&self) -> &str;
}

impl InField for ProcedureSummary {
    fn field_id(&self) -> &str {
        &self.field_id
    }
}

impl InField for ProcedureBrief {
    fn field_id(&self) -> &str {
        &self.field_id
    }
}

/// One field and its procedures, for the home page.
#[derive(Debug, PartialEq, Eq)]
pub struct FieldGroup<'a, P = ProcedureSummary> {
    pub field: Cow<'a, Field>,
    pub procedures: Vec<&'a P>,
}

impl<P: InField, E> ProcedureList<P, E> {
    /// Procedures grouped by field, in the order the back end lists the fields; fields without a
    /// procedure are left out, and a procedure whose field is unknown is not dropped but shown
    /// under a field named by its id.
    pub fn by_field(&self) -> Vec<FieldGroup<'_, P>> {
        let mut groups: Vec<FieldGroup<'_, P>> = self
            .fields
            .iter()
            .map(|field| FieldGroup { field: Cow::Borrowed(field), procedures: Vec::new() })
            .collect();
        for p in &self.procedures {
            match groups.iter_mut().find(|g| g.field.id == p.field_id()) {
                Some(g) => g.procedures.push(p),
                None => groups.push(FieldGroup {
                    field: Cow::Owned(Field {
                        id: p.field_id().to_string(),
                        name: Text::new(p.field_id().to_string(), p.field_id().to_string()),
                    }),
                    procedures: vec![p],
                }),
            }
        }
        groups.retain(|g| !g.procedures.is_empty());
        groups
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn proc(id: &str, field: &str) -> ProcedureSummary {
        ProcedureSummary {
            id: id.into(),
            national_code: None,
            name: Text::new(id, id),
            field_id: field.into(),
            level: Level::Commune,
            processing: ProcessingTime::SameDay,
            fee_vnd: Some(0),
            channels: vec![Channel::InPerson],
            friday_programme: false,
            keywords: Vec::new(),
        }
    }

    fn field(id: &str) -> Field {
        Field { id: id.into(), name: Text::new(id, id) }
    }

    #[test]
    fn groups_keep_field_order_and_drop_empty_fields() {
        let list = ProcedureList {
            fields: vec![field("ho-tich"), field("giao-duc"), field("chung-thuc")],
            procedures: vec![proc("a", "chung-thuc"), proc("b", "ho-tich"), proc("c", "chung-thuc")],
            elsewhere: Vec::<Elsewhere>::new(),
        };
        let groups = list.by_field();
        let ids: Vec<_> = groups.iter().map(|g| g.field.id.as_str()).collect();
        assert_eq!(ids, ["ho-tich", "chung-thuc"]);
        let in_second: Vec<_> = groups[1].procedures.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(in_second, ["a", "c"]);
    }

    #[test]
    fn a_procedure_with_an_unknown_field_is_still_listed() {
        let list = ProcedureList {
            fields: vec![field("ho-tich")],
            procedures: vec![proc("a", "ho-tich"), proc("x", "moi"), proc("y", "moi")],
            elsewhere: Vec::<Elsewhere>::new(),
        };
        let groups = list.by_field();
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[1].field.id, "moi");
        assert_eq!(groups[1].procedures.len(), 2);
    }

    #[test]
    fn processing_time_from_legal_days() {
        assert_eq!(ProcessingTime::from_days(Some(0)), ProcessingTime::SameDay);
        assert_eq!(ProcessingTime::from_days(Some(5)), ProcessingTime::WorkingDays { days: 5 });
        assert_eq!(ProcessingTime::from_days(None), ProcessingTime::Unknown);
    }

    #[test]
    fn json_shape_is_stable() {
        for p in [ProcessingTime::SameDay, ProcessingTime::WorkingDays { days: 3 }, ProcessingTime::Unknown] {
            let json = serde_json::to_string(&p).unwrap();
            assert_eq!(serde_json::from_str::<ProcessingTime>(&json).unwrap(), p);
        }
        let json = serde_json::to_value(ProcessingTime::WorkingDays { days: 3 }).unwrap();
        assert_eq!(json, serde_json::json!({"kind": "working_days", "days": 3}));
        assert!(serde_json::from_str::<ProcessingTime>(r#"{"kind":"working_days"}"#).is_err());
        assert!(serde_json::from_str::<ProcessingTime>(r#"{"kind":"same_day","days":2}"#).is_err());
        // Answers tolerate fields a newer back end adds; request bodies are the strict side.
        let f = serde_json::from_str::<Field>(r#"{"id":"a","name":{"vi":"","en":"","de":""},"x":1}"#);
        assert_eq!(f.unwrap().id, "a");
    }

    #[test]
    fn only_site_paths_and_https_addresses_are_linked() {
        for ok in ["/thu-tuc/XA-HT-01/to-khai", "https://dichvucong.gov.vn/mau.pdf", "HTTPS://x.vn/a"] {
            assert_eq!(safe_link(ok), Some(ok), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            " JavaScript:alert(1)",
            "data:text/html,<script>",
            "//evil.example/x",
            "/\\evil.example",
            "http://plain.example/x",
            "https://",
            "/a b",
            "/a\u{0}b",
            "vbscript:x",
        ] {
            assert_eq!(safe_link(bad), None, "{bad:?}");
        }
    }
}

#[cfg(test)]
mod wire_name_tests {
    use super::*;
    use crate::calendar::Certainty;

    fn round_trip<T: Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug>(all: &[T]) {
        for v in all {
            let json = serde_json::to_string(v).unwrap();
            assert_eq!(&serde_json::from_str::<T>(&json).unwrap(), v, "{json}");
        }
        assert!(serde_json::from_str::<T>(r#""nonsense""#).is_err());
    }

    #[test]
    fn unit_enums_read_back_the_names_they_write() {
        round_trip(&[Level::Commune, Level::District, Level::Province]);
        round_trip(&[Channel::InPerson, Channel::Post, Channel::OnlinePartial, Channel::OnlineFull]);
        round_trip(&[RequirementKind::Submit, RequirementKind::Show, RequirementKind::ProvideInfo]);
        round_trip(&[Certainty::Confirmed, Certainty::Derived, Certainty::Unconfirmed]);
        round_trip(&crate::files::FileType::ALL);
        round_trip(&crate::dossier::DossierStatus::ALL);
        use crate::dossier::AppointmentKind as K;
        round_trip(&[K::FridaySameDay, K::FridayNextMorning, K::Legal, K::Unknown]);
        use crate::api::ErrorCode as E;
        let codes = [
            E::NotFound,
            E::MethodNotAllowed,
            E::BadRequest,
            E::InvalidJson,
            E::PayloadTooLarge,
            E::UnsupportedMediaType,
            E::RateLimited,
            E::Conflict,
            E::Internal,
            E::Unavailable,
            E::PreconditionFailed,
            E::ChecksumMismatch,
            E::FileRefused,
            E::InvalidApplicant,
            E::Incomplete,
            E::InvalidDeclaration,
        ];
        for c in codes {
            let json = serde_json::to_string(&c).unwrap();
            assert_eq!(serde_json::from_str::<E>(&json).unwrap(), c, "{json}");
        }
        assert_eq!(serde_json::from_str::<E>(r#""from_a_newer_server""#).unwrap(), E::Unknown);
        round_trip(&[ProcessingTime::SameDay, ProcessingTime::WorkingDays { days: 5 }, ProcessingTime::Unknown]);
    }
}
