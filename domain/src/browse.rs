//! Browsing the catalogue: the search words and filters a citizen chose, read from and written to
//! the page's URL so a link can be shared and the back button returns to the same list.

use crate::catalogue::{Channel, Level, ProcedureSummary};
use crate::office::OfficeSummary;

/// How far a procedure can be done online.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Online {
    /// Everything online, result included ("toàn trình").
    Full,
    /// Online up to a point, then at the desk ("một phần").
    Partial,
}

/// What the citizen is looking for. Empty means "show the fields".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Browse {
    pub query: String,
    pub field: Option<String>,
    pub office: Option<String>,
    pub level: Option<Level>,
    pub friday: bool,
    pub online: Option<Online>,
}

/// URL parameter names; short and ASCII so links stay readable when shared.
pub const KEYS: [&str; 6] = ["q", "field", "office", "level", "friday", "online"];

fn level_tag(l: Level) -> &'static str {
    match l {
        Level::Commune => "commune",
        Level::District => "district",
        Level::Province => "province",
    }
}

impl Browse {
    /// Reads the parameters of a URL; unknown values are ignored, as a stale or mistyped link
    /// should still open the catalogue.
    pub fn from_params<'a>(get: impl Fn(&'a str) -> Option<String>) -> Browse {
        let non_empty = |k: &'a str| get(k).map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
        Browse {
            query: get("q").unwrap_or_default(),
            field: non_empty("field"),
            office: non_empty("office"),
            level: non_empty("level").and_then(|v| {
                [Level::Commune, Level::District, Level::Province].into_iter().find(|l| level_tag(*l) == v)
            }),
            friday: non_empty("friday").is_some_and(|v| v == "1"),
            online: match non_empty("online").as_deref() {
                Some("full") => Some(Online::Full),
                Some("partial") => Some(Online::Partial),
                _ => None,
            },
        }
    }

    /// The query string (without `?`) that [`Browse::from_params`] reads back; empty values
    /// are left out.
    pub fn to_query(&self) -> String {
        let values = [
            Some(self.query.as_str()).filter(|q| !q.is_empty()),
            self.field.as_deref(),
            self.office.as_deref(),
            self.level.map(level_tag),
            self.friday.then_some("1"),
            self.online.map(|o| if o == Online::Full { "full" } else { "partial" }),
        ];
        KEYS.iter()
            .zip(values)
            .filter_map(|(k, v)| v.map(|v| format!("{k}={}", encode(v))))
            .collect::<Vec<_>>()
            .join("&")
    }

    /// Whether any filter (not the words) is set.
    pub fn filtered(&self) -> bool {
        self.field.is_some() || self.office.is_some() || self.level.is_some() || self.friday || self.online.is_some()
    }

    /// Whether `p` passes the filters; `offices` says which office receives what.
    pub fn admits(&self, p: &ProcedureSummary, offices: &[OfficeSummary]) -> bool {
        let office_ok = self
            .office
            .as_ref()
            .is_none_or(|id| offices.iter().any(|o| &o.id == id && o.procedure_ids.contains(&p.id)));
        let online_ok = match self.online {
            None => true,
            Some(Online::Full) => p.channels.contains(&Channel::OnlineFull),
            Some(Online::Partial) => {
                p.channels.contains(&Channel::OnlinePartial) && !p.channels.contains(&Channel::OnlineFull)
            }
        };
        self.field.as_ref().is_none_or(|f| &p.field_id == f)
            && office_ok
            && self.level.is_none_or(|l| p.level == l)
            && (!self.friday || p.friday_programme)
            && online_ok
    }
}

/// Percent-encodes a query value: the one encoder of addresses, in `motcua-routes`.
pub use motcua_routes::address::encode;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::ProcessingTime;
    use crate::Text;

    fn summary(id: &str, level: Level, channels: Vec<Channel>, friday: bool) -> ProcedureSummary {
        ProcedureSummary {
            id: id.into(),
            national_code: None,
            name: Text::new(id, id),
            field_id: "ho-tich".into(),
            level,
            processing: ProcessingTime::SameDay,
            fee_vnd: None,
            channels,
            friday_programme: friday,
            keywords: Vec::new(),
        }
    }

    fn parse(query: &str) -> Browse {
        let pairs: Vec<(String, String)> =
            query.split('&').filter_map(|kv| kv.split_once('=')).map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Browse::from_params(|k| pairs.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone()))
    }

    #[test]
    fn the_url_round_trips() {
        let b = Browse {
            query: "khai".into(),
            field: Some("ho-tich".into()),
            office: Some("ha-dong".into()),
            level: Some(Level::District),
            friday: true,
            online: Some(Online::Partial),
        };
        let q = b.to_query();
        assert_eq!(q, "q=khai&field=ho-tich&office=ha-dong&level=district&friday=1&online=partial");
        assert_eq!(parse(&q), b);
        assert_eq!(Browse::default().to_query(), "");
    }

    #[test]
    fn vietnamese_words_are_percent_encoded() {
        assert_eq!(encode("kết hôn"), "k%E1%BA%BFt%20h%C3%B4n");
    }

    #[test]
    fn unknown_values_are_ignored() {
        let b = parse("level=planet&online=maybe&friday=yes&field=");
        assert_eq!(b, Browse::default());
        assert!(!b.filtered());
    }

    #[test]
    fn filters_combine() {
        let full = summary("a", Level::Commune, vec![Channel::InPerson, Channel::OnlineFull], true);
        let partial = summary("b", Level::District, vec![Channel::OnlinePartial], false);
        let desk = summary("c", Level::Commune, vec![Channel::InPerson], false);
        let offices = [OfficeSummary {
            id: "xa".into(),
            name: Text::new("Xã", "Commune"),
            procedure_ids: vec!["a".into(), "c".into()],
        }];
        let ids = |b: &Browse| -> Vec<&str> {
            [&full, &partial, &desk].into_iter().filter(|p| b.admits(p, &offices)).map(|p| p.id.as_str()).collect()
        };
        assert_eq!(ids(&Browse::default()), ["a", "b", "c"]);
        assert_eq!(ids(&Browse { online: Some(Online::Full), ..Default::default() }), ["a"]);
        assert_eq!(ids(&Browse { online: Some(Online::Partial), ..Default::default() }), ["b"]);
        assert_eq!(ids(&Browse { level: Some(Level::Commune), ..Default::default() }), ["a", "c"]);
        assert_eq!(ids(&Browse { friday: true, ..Default::default() }), ["a"]);
        assert_eq!(ids(&Browse { office: Some("xa".into()), ..Default::default() }), ["a", "c"]);
        assert_eq!(ids(&Browse { office: Some("nowhere".into()), ..Default::default() }), Vec::<&str>::new());
        let both = Browse { office: Some("xa".into()), friday: true, ..Default::default() };
        assert_eq!(ids(&both), ["a"]);
        assert!(both.filtered());
    }
}
