//! An application in progress: what the citizen typed and which files are attached to which
//! requirement. Saved on the device after every change, so nothing is typed or picked twice.

use serde::{Deserialize, Serialize};

use crate::applicant::Applicant;
use crate::catalogue::{ProcedureDetail, Requirement, RequirementKind};
use crate::form_answers::Answers;

/// A draft older than this is dropped (its uploads expire on the server too).
pub const MAX_AGE_MS: f64 = 30.0 * 24.0 * 3600.0 * 1000.0;

/// How long before the server lets the draft's files go the citizen is warned (and offered more
/// time): well over the 2 minutes WCAG 2.2.1 asks, so a slow reader can still act.
pub const WARN_BEFORE_EXPIRY_MS: f64 = 15.0 * 60.0 * 1000.0;

/// What a supplement's draft stands in for as `procedure_id` (the key it is kept under): never
/// a procedure's id, which has no colon.
pub fn supplement_key(code: &str) -> String {
    format!("bo-sung:{code}")
}

/// Where one attached file stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileState {
    /// Waiting for its turn, or being sent.
    Uploading,
    /// The back end holds all of it and has checked it.
    Done,
    /// Stopped for a reason the citizen must act on: a file the back end refused (its type, its
    /// size, a password: sending it again cannot work, `retryable` false), or too many failures
    /// of the network (`retryable`).
    Failed { reason_vi: String, reason_en: String, retryable: bool },
}

/// One file attached to a requirement. Saved as one flat JSON object (`"state": "failed"` beside
/// its reasons), through [`StoredFile`]: serde's `flatten` and internally tagged enums would put
/// a buffering decoder of about 4 KiB brotli into the app's wasm.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "StoredFile", into = "StoredFile")]
pub struct DraftFile {
    /// Key of the file's bytes in the device's store.
    pub local_id: String,
    pub requirement_id: String,
    pub name: String,
    pub size: u64,
    /// The tus upload URL once created: resuming starts from its offset.
    pub upload_url: Option<String>,
    /// Until when the server keeps the upload if nothing more happens (ms since the epoch, from
    /// its last `Upload-Expires`).
    pub expires_ms: Option<i64>,
    pub state: FileState,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case", try_from = "String")]
enum StateName {
    Uploading,
    Done,
    Failed,
}
crate::enum_from_wire_name!(StateName { "uploading" => Uploading, "done" => Done, "failed" => Failed });

/// The saved form of a [`DraftFile`] (the same JSON drafts have always had).
#[derive(Serialize, Deserialize)]
struct StoredFile {
    local_id: String,
    requirement_id: String,
    name: String,
    size: u64,
    upload_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    expires_ms: Option<i64>,
    state: StateName,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    reason_vi: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    reason_en: Option<String>,
    /// Written only as `false` (drafts saved before it had retryable failures only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    retryable: Option<bool>,
}

impl From<StoredFile> for DraftFile {
    fn from(s: StoredFile) -> DraftFile {
        let state = match s.state {
            StateName::Uploading => FileState::Uploading,
            StateName::Done => FileState::Done,
            StateName::Failed => FileState::Failed {
                reason_vi: s.reason_vi.unwrap_or_default(),
                reason_en: s.reason_en.unwrap_or_default(),
                retryable: s.retryable.unwrap_or(true),
            },
        };
        DraftFile {
            local_id: s.local_id,
            requirement_id: s.requirement_id,
            name: s.name,
            size: s.size,
            upload_url: s.upload_url,
            expires_ms: s.expires_ms,
            state,
        }
    }
}

impl From<DraftFile> for StoredFile {
    fn from(f: DraftFile) -> StoredFile {
        let (state, reason_vi, reason_en, retryable) = match f.state {
            FileState::Uploading => (StateName::Uploading, None, None, None),
            FileState::Done => (StateName::Done, None, None, None),
            FileState::Failed { reason_vi, reason_en, retryable } => {
                (StateName::Failed, Some(reason_vi), Some(reason_en), (!retryable).then_some(false))
            }
        };
        StoredFile {
            local_id: f.local_id,
            requirement_id: f.requirement_id,
            name: f.name,
            size: f.size,
            upload_url: f.upload_url,
            expires_ms: f.expires_ms,
            state,
            reason_vi,
            reason_en,
            retryable,
        }
    }
}

impl DraftFile {
    /// The upload id the dossier names (the last path segment of the upload URL).
    pub fn upload_id(&self) -> Option<&str> {
        self.upload_url.as_deref().and_then(|u| u.rsplit('/').next()).filter(|s| !s.is_empty())
    }
}

/// An application being prepared for one procedure.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub procedure_id: String,
    pub office_id: Option<String>,
    /// The draft's secret (128 random bits): sent as `Draft-Token` with every upload request and
    /// the submission; the server keeps only its hash, and opens an upload only to its draft.
    /// Never put in a URL or in upload metadata.
    pub draft_id: String,
    /// Made with the draft, so retries, double taps and reloads submit exactly once.
    pub idempotency_key: String,
    /// Milliseconds since the epoch.
    pub created_ms: f64,
    pub updated_ms: f64,
    pub applicant: Applicant,
    /// The applicant page passed its checks at least once.
    pub applicant_done: bool,
    pub files: Vec<DraftFile>,
    /// Answers to the procedure's declaration form filled on screen (see [`Declaration`]).
    #[serde(default, skip_serializing_if = "Declaration::is_empty")]
    pub declaration: Declaration,
    /// The requirement (the paper form) that the declaration filled on screen stands in for,
    /// once all its answers passed: it then needs no upload, and the answers go with the dossier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub declared: Option<String>,
    /// The citizen's appointment at the desk (a ticket's id), which the dossier carries so the
    /// desk has it before they arrive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub appointment_id: Option<String>,
}

/// The declaration's answers as the draft keeps them: a JSON object by question id, left
/// undecoded when the draft is read. The bundles that read drafts without the form (the
/// application's first page, the supplement) then carry no decoder for answers (typed in the
/// draft, they cost the application's first page 4.5 KiB brotli); the steps that use them decode
/// them once ([`Declaration::answers`]). Drafts saved before kept the object as JSON text: read
/// the same.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Declaration(Option<Box<serde_json::value::RawValue>>);

impl PartialEq for Declaration {
    fn eq(&self, other: &Declaration) -> bool {
        self.json() == other.json()
    }
}

impl Declaration {
    /// The answers kept (none: an empty declaration).
    pub fn keep(answers: &Answers) -> Declaration {
        Declaration((!answers.is_empty()).then(|| serde_json::value::to_raw_value(answers).ok()).flatten())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_none()
    }

    fn json(&self) -> &str {
        self.0.as_deref().map_or("", |r| r.get())
    }

    /// The answers, decoded (what cannot be read counts as not answered).
    pub fn answers(&self) -> Answers {
        let json = self.json();
        if json.starts_with('"') {
            let text: String = serde_json::from_str(json).unwrap_or_default();
            return serde_json::from_str(&text).unwrap_or_default();
        }
        serde_json::from_str(json).unwrap_or_default()
    }
}

impl Draft {
    /// A new draft; `random` gives fresh random hex (the browser's crypto in the app).
    pub fn new(procedure_id: &str, now_ms: f64, random: impl Fn() -> String) -> Draft {
        Draft {
            procedure_id: procedure_id.to_string(),
            office_id: None,
            draft_id: format!("d{}", random()),
            idempotency_key: format!("k{}", random()),
            created_ms: now_ms,
            updated_ms: now_ms,
            applicant: Applicant::default(),
            applicant_done: false,
            files: Vec::new(),
            declaration: Default::default(),
            declared: None,
            appointment_id: None,
        }
    }

    pub fn expired(&self, now_ms: f64) -> bool {
        now_ms - self.updated_ms > MAX_AGE_MS
    }

    pub fn files_for<'a>(&'a self, requirement_id: &'a str) -> impl Iterator<Item = &'a DraftFile> {
        self.files.iter().filter(move |f| f.requirement_id == requirement_id)
    }

    /// Requirements the citizen uploads: documents handed in (those only shown at the desk, and
    /// information typed in, are not files).
    pub fn uploadable(detail: &ProcedureDetail) -> impl Iterator<Item = &Requirement> {
        detail.requirements.iter().filter(|r| r.kind == RequirementKind::Submit)
    }

    /// Required documents without a finished file (or, for the paper form, a declaration filled
    /// on screen): what stands between the citizen and a complete dossier.
    pub fn missing<'a>(&self, detail: &'a ProcedureDetail) -> Vec<&'a Requirement> {
        Draft::uploadable(detail).filter(|r| r.required && !self.satisfied(&r.id)).collect()
    }

    /// Whether a requirement has a finished file, or is the paper form the declaration stands in for.
    pub fn satisfied(&self, requirement_id: &str) -> bool {
        self.declared.as_deref() == Some(requirement_id)
            || self.files_for(requirement_id).any(|f| f.state == FileState::Done)
    }

    /// Finished uploads to name in the dossier, in requirement order.
    pub fn upload_ids(&self, detail: &ProcedureDetail) -> Vec<String> {
        Draft::uploadable(detail)
            .flat_map(|r| self.files_for(&r.id))
            .filter(|f| f.state == FileState::Done)
            .filter_map(|f| f.upload_id().map(str::to_string))
            .collect()
    }

    /// The earliest moment the server will let one of the draft's uploads go, if it said.
    pub fn kept_until(&self) -> Option<i64> {
        self.files.iter().filter(|f| f.upload_url.is_some()).filter_map(|f| f.expires_ms).min()
    }

    /// Whether to warn now (`now_ms`) that the files are about to be let go: within
    /// [`WARN_BEFORE_EXPIRY_MS`] of the earliest expiry, or past it.
    pub fn expiry_warning(&self, now_ms: f64) -> Option<i64> {
        self.kept_until().filter(|&until| until as f64 - now_ms <= WARN_BEFORE_EXPIRY_MS)
    }

    /// Nothing typed and nothing attached: a draft with nothing personal in it.
    pub fn is_blank(&self) -> bool {
        self.applicant == Applicant::default() && self.files.is_empty() && self.declaration.is_empty()
    }

    /// A supplement's draft (see [`Draft::for_supplement`]): the finished uploads to send for the
    /// documents `asked` for, or the asked documents still without a finished file. When the
    /// officer named no document (`asked` empty) any finished file answers, but one is needed:
    /// the error is then an empty list.
    pub fn supplement_uploads(&self, asked: &[String]) -> Result<Vec<String>, Vec<String>> {
        let done = |f: &&DraftFile| f.state == FileState::Done && f.upload_id().is_some();
        let missing: Vec<String> = asked.iter().filter(|id| !self.files_for(id).any(|f| done(&f))).cloned().collect();
        let ids: Vec<String> = self
            .files
            .iter()
            .filter(done)
            .filter(|f| asked.is_empty() || asked.contains(&f.requirement_id))
            .filter_map(|f| f.upload_id().map(str::to_string))
            .collect();
        match (missing.is_empty(), ids.is_empty()) {
            (true, false) => Ok(ids),
            _ => Err(missing),
        }
    }

    /// The draft of the documents an officer asked for on dossier `code`: kept on the device
    /// apart from the procedure's own draft (its key is the code), with its own secret.
    pub fn for_supplement(code: &str, now_ms: f64, random: impl Fn() -> String) -> Draft {
        Draft::new(&supplement_key(code), now_ms, random)
    }

    /// Whether every file has finished (none waiting, none failed).
    pub fn settled(&self) -> bool {
        self.files.iter().all(|f| f.state == FileState::Done)
    }

    /// The files that stopped, each with why (in the citizen's language).
    pub fn failed(&self, lang: crate::Lang) -> Vec<(&str, &str)> {
        self.files
            .iter()
            .filter_map(|f| match &f.state {
                FileState::Failed { reason_vi, reason_en, .. } => Some((
                    f.name.as_str(),
                    if lang == crate::Lang::Vi { reason_vi.as_str() } else { reason_en.as_str() },
                )),
                _ => None,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::{ProcedureSummary, ProcessingTime};
    use crate::files::FileType;
    use crate::Text;

    fn requirement(id: &str, kind: RequirementKind, required: bool) -> Requirement {
        Requirement {
            id: id.into(),
            name: Text::new(id, id),
            kind,
            required,
            copies: 1,
            accepted_types: FileType::ALL.to_vec(),
            max_bytes: 1 << 20,
            form_url: None,
        }
    }

    fn detail() -> ProcedureDetail {
        ProcedureDetail {
            summary: ProcedureSummary {
                id: "P".into(),
                national_code: None,
                name: Text::new("P", "P"),
                field_id: "f".into(),
                level: crate::catalogue::Level::Commune,
                processing: ProcessingTime::SameDay,
                fee_vnd: None,
                channels: vec![],
                friday_programme: false,
                keywords: vec![],
            },
            requirements: vec![
                requirement("P-01", RequirementKind::Submit, true),
                requirement("P-02", RequirementKind::Submit, false),
                requirement("P-03", RequirementKind::Show, true),
                requirement("P-04", RequirementKind::Submit, true),
            ],
            notes: vec![],
            processing_note_vi: None,
            fee_note_vi: None,
            processing_note_en: None,
            fee_note_en: None,
            legal_basis: String::new(),
            office_ids: vec![],
        }
    }

    fn file(id: &str, requirement: &str, state: FileState) -> DraftFile {
        DraftFile {
            local_id: id.into(),
            requirement_id: requirement.into(),
            name: format!("{id}.pdf"),
            size: 10,
            upload_url: Some(format!("/api/v1/uploads/u-{id}")),
            expires_ms: None,
            state,
        }
    }

    #[test]
    fn the_citizen_is_warned_a_quarter_of_an_hour_before_the_first_file_expires() {
        let mut draft = Draft::new("P", 0.0, || "ab".into());
        assert_eq!(draft.kept_until(), None);
        let mut a = file("a", "r1", FileState::Done);
        a.expires_ms = Some(10_000_000);
        let mut b = file("b", "r2", FileState::Uploading);
        b.expires_ms = Some(5_000_000);
        let mut not_sent = file("c", "r2", FileState::Uploading);
        (not_sent.upload_url, not_sent.expires_ms) = (None, Some(1));
        draft.files = vec![a, b, not_sent];
        assert_eq!(draft.kept_until(), Some(5_000_000), "the earliest of the files on the server");
        assert_eq!(draft.expiry_warning(5_000_000.0 - WARN_BEFORE_EXPIRY_MS - 1.0), None);
        assert_eq!(draft.expiry_warning(5_000_000.0 - WARN_BEFORE_EXPIRY_MS), Some(5_000_000));
        assert_eq!(draft.expiry_warning(6_000_000.0), Some(5_000_000), "still shown once past");
        assert!(WARN_BEFORE_EXPIRY_MS >= 2.0 * 60_000.0, "WCAG 2.2.1: at least 2 minutes ahead");
        // Drafts saved before the field existed still open.
        let old: DraftFile = serde_json::from_str(
            r#"{"local_id":"x","requirement_id":"r","name":"n","size":1,"upload_url":null,"state":"done"}"#,
        )
        .unwrap();
        assert_eq!(old.expires_ms, None);
        // A failed file as drafts saved it before: the same JSON both ways.
        let failed = r#"{"local_id":"x","requirement_id":"r","name":"n","size":1,"upload_url":"/u/1","state":"failed","reason_vi":"Lỗi","reason_en":"Error"}"#;
        let f: DraftFile = serde_json::from_str(failed).unwrap();
        assert_eq!(f.state, FileState::Failed { reason_vi: "Lỗi".into(), reason_en: "Error".into(), retryable: true });
        assert_eq!(serde_json::to_string(&f).unwrap(), failed);
        // A refused one says so, and reads back.
        let refused = DraftFile {
            state: FileState::Failed {
                reason_vi: "Không nhận .txt".into(),
                reason_en: "No .txt".into(),
                retryable: false,
            },
            ..f
        };
        let json = serde_json::to_string(&refused).unwrap();
        assert!(json.ends_with(r#""retryable":false}"#), "{json}");
        assert_eq!(serde_json::from_str::<DraftFile>(&json).unwrap(), refused);
    }

    #[test]
    fn missing_counts_only_required_files_that_are_finished() {
        let d = detail();
        let mut draft = Draft::new("P", 0.0, || "ab".into());
        let ids = |m: Vec<&Requirement>| m.into_iter().map(|r| r.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(draft.missing(&d)), ["P-01", "P-04"], "documents only shown are not uploaded");
        draft.files.push(file("a", "P-01", FileState::Uploading));
        assert_eq!(ids(draft.missing(&d)), ["P-01", "P-04"], "a file still uploading does not count");
        draft.files.push(file("b", "P-01", FileState::Done));
        draft.files.push(file("c", "P-02", FileState::Done));
        assert_eq!(ids(draft.missing(&d)), ["P-04"]);
        assert!(!draft.settled());
        draft.files.push(file(
            "d",
            "P-04",
            FileState::Failed { reason_vi: "x".into(), reason_en: "x".into(), retryable: true },
        ));
        assert_eq!(ids(draft.missing(&d)), ["P-04"]);
        // The paper form of P-04 filled on screen instead: no upload needed.
        draft.declared = Some("P-04".into());
        assert!(draft.missing(&d).is_empty());
        assert!(draft.satisfied("P-04") && !draft.satisfied("P-02-none"));
        draft.declared = None;
        draft.files[3].state = FileState::Done;
        draft.files[0].state = FileState::Done;
        assert!(draft.missing(&d).is_empty());
        assert!(draft.settled());
        assert_eq!(draft.upload_ids(&d), ["u-a", "u-b", "u-c", "u-d"]);
    }

    #[test]
    fn a_supplement_sends_finished_files_for_every_document_asked_for() {
        let mut draft = Draft::for_supplement("ABC.01.02.H01-261129-0001", 0.0, || "ab".into());
        assert_eq!(draft.procedure_id, "bo-sung:ABC.01.02.H01-261129-0001");
        let asked = vec!["P-01".to_string(), "P-04".to_string()];
        assert_eq!(draft.supplement_uploads(&asked), Err(asked.clone()));
        draft.files.push(file("a", "P-01", FileState::Done));
        draft.files.push(file("b", "P-04", FileState::Uploading));
        assert_eq!(draft.supplement_uploads(&asked), Err(vec!["P-04".to_string()]), "still uploading");
        draft.files[1].state = FileState::Done;
        draft.files.push(file("c", "P-02", FileState::Done));
        assert_eq!(draft.supplement_uploads(&asked), Ok(vec!["u-a".into(), "u-b".into()]), "only what was asked");
        // Nothing named: any finished file, but at least one.
        let mut open = Draft::for_supplement("X", 0.0, || "ab".into());
        assert_eq!(open.supplement_uploads(&[]), Err(vec![]));
        open.files.push(file("d", "P-02", FileState::Done));
        let mut not_created = file("e", "P-01", FileState::Done);
        not_created.upload_url = None;
        open.files.push(not_created);
        assert_eq!(open.supplement_uploads(&[]), Ok(vec!["u-d".into()]));
    }

    #[test]
    fn drafts_expire_after_thirty_days_of_no_change() {
        let mut draft = Draft::new("P", 0.0, || "ab".into());
        assert!(!draft.expired(MAX_AGE_MS));
        assert!(draft.expired(MAX_AGE_MS + 1.0));
        draft.updated_ms = 10.0;
        assert!(!draft.expired(MAX_AGE_MS + 1.0));
        assert_ne!(draft.draft_id, draft.idempotency_key);
    }

    #[test]
    fn a_draft_survives_being_saved_and_read_back() {
        let mut draft = Draft::new("P", 5.0, || "0123456789abcdef".into());
        draft.files.push(file(
            "a",
            "P-01",
            FileState::Failed { reason_vi: "Tệp trống".into(), reason_en: "Empty".into(), retryable: false },
        ));
        draft.files.push(file("b", "P-01", FileState::Done));
        let json = serde_json::to_string(&draft).unwrap();
        assert_eq!(serde_json::from_str::<Draft>(&json).unwrap(), draft);
        assert!(json.contains(r#""state":"failed""#));
        assert!(!json.contains("declaration"), "drafts without a form keep their old shape");
        // A declaration's answers are kept with it, and make the draft not blank.
        let mut blank = Draft::new("P", 5.0, || "ab".into());
        assert!(blank.is_blank());
        let answers: Answers = [("tre_ho_ten".to_string(), crate::form_answers::Answer::One("AN".into()))].into();
        blank.declaration = Declaration::keep(&answers);
        assert!(!blank.is_blank());
        let json = serde_json::to_string(&blank).unwrap();
        assert!(json.contains(r#""declaration":{"tre_ho_ten":"AN"}"#), "kept as data, not as text: {json}");
        let read = serde_json::from_str::<Draft>(&json).unwrap();
        assert_eq!(read, blank);
        assert_eq!(read.declaration.answers(), answers);
        // A draft saved before, with the answers as JSON text, reads the same.
        let before = json.replace(r#""declaration":{"tre_ho_ten":"AN"}"#, r#""declaration":"{\"tre_ho_ten\":\"AN\"}""#);
        assert_ne!(before, json);
        assert_eq!(serde_json::from_str::<Draft>(&before).unwrap().declaration.answers(), answers);
        // No answers: nothing kept, and the draft is blank again.
        assert!(Declaration::keep(&Answers::new()).is_empty());
    }
}
