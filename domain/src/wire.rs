//! Dates and times on the wire: `YYYY-MM-DD` and `HH:MM`, read and written by hand.
//!
//! chrono's own parser and formatter (strftime items) cost the wasm about 60 KiB brotli; these
//! two fixed formats need a few dozen lines.

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike};

/// `TryFrom<String>` for an enum of unit variants, each read from its wire name: with
/// `#[serde(try_from = "String")]` every such enum shares serde's one string reader, where a
/// derived `Deserialize` gives each its own visitor (about 1 KiB of wasm apiece).
#[macro_export]
macro_rules! enum_from_wire_name {
    ($ty:ident { $($name:literal => $variant:ident),+ $(,)? }) => {
        impl TryFrom<String> for $ty {
            type Error = String;
            fn try_from(s: String) -> Result<Self, String> {
                match s.as_str() {
                    $($name => Ok($ty::$variant),)+
                    other => Err(format!("unknown {} `{other}`", stringify!($ty))),
                }
            }
        }
    };
    // A newer peer's name reads as `$other` (serde's `#[serde(other)]`).
    ($ty:ident { $($name:literal => $variant:ident),+ $(,)? } else $other:ident) => {
        impl TryFrom<String> for $ty {
            type Error = String;
            fn try_from(s: String) -> Result<Self, String> {
                Ok(match s.as_str() {
                    $($name => $ty::$variant,)+
                    _ => $ty::$other,
                })
            }
        }
    };
}

fn digits(s: &str) -> Option<u32> {
    (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok()).flatten()
}

/// `2026-11-27`.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let mut parts = s.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    NaiveDate::from_ymd_opt(digits(y)? as i32, digits(m)?, digits(d)?)
}

/// `07:30` or `07:30:00`.
pub fn parse_time(s: &str) -> Option<NaiveTime> {
    let mut parts = s.split(':');
    let (h, m) = (parts.next()?, parts.next()?);
    let sec = match parts.next() {
        Some(sec) if sec.len() == 2 => digits(sec)?,
        Some(_) => return None,
        None => 0,
    };
    if parts.next().is_some() || h.len() != 2 || m.len() != 2 {
        return None;
    }
    NaiveTime::from_hms_opt(digits(h)?, digits(m)?, sec)
}

/// `2026-11-27T15:45` (seconds optional).
pub fn parse_date_time(s: &str) -> Option<NaiveDateTime> {
    let (d, t) = s.split_once('T')?;
    Some(parse_date(d)?.and_time(parse_time(t)?))
}

pub fn date_str(d: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

pub fn time_str(t: NaiveTime) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

/// `2026-11-27T15:45`, the form links use.
pub fn date_time_str(dt: NaiveDateTime) -> String {
    format!("{}T{}", date_str(dt.date()), time_str(dt.time()))
}

macro_rules! serde_module {
    ($name:ident, $ty:ty, $parse:path, $show:path, $what:literal) => {
        pub mod $name {
            use serde::{de::Error, Deserialize, Deserializer, Serializer};

            pub fn serialize<S: Serializer>(v: &$ty, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&$show(*v))
            }

            pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<$ty, D::Error> {
                // String, not &str: values may come from an owned serde_json::Value.
                let s = String::deserialize(d).map_err(|_| D::Error::custom(concat!("expected ", $what)))?;
                $parse(&s).ok_or_else(|| D::Error::custom(format!(concat!("expected ", $what, ", got {:?}"), s)))
            }
        }
    };
}

serde_module!(date, chrono::NaiveDate, super::parse_date, super::date_str, "a date YYYY-MM-DD");
serde_module!(time, chrono::NaiveTime, super::parse_time, super::time_str, "a time HH:MM");

pub mod opt_date {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &Option<chrono::NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(d) => super::date::serialize(d, s),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<chrono::NaiveDate>, D::Error> {
        match Option::<String>::deserialize(d)? {
            Some(s) => super::parse_date(&s)
                .map(Some)
                .ok_or_else(|| serde::de::Error::custom(format!("expected a date YYYY-MM-DD, got {s:?}"))),
            None => Ok(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_parse_strictly() {
        assert_eq!(parse_date("2026-11-27"), NaiveDate::from_ymd_opt(2026, 11, 27));
        for bad in ["2026-2-27", "2026-02-30", "26-11-27", "2026-11-27x", "", "2026/11/27", "+026-11-27"] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn times_parse_with_or_without_seconds() {
        assert_eq!(parse_time("07:30"), NaiveTime::from_hms_opt(7, 30, 0));
        assert_eq!(parse_time("15:45:10"), NaiveTime::from_hms_opt(15, 45, 10));
        for bad in ["7:30", "24:00", "12:60", "12:30:5", "", "12-30"] {
            assert_eq!(parse_time(bad), None, "{bad}");
        }
    }

    #[test]
    fn round_trips() {
        let dt = parse_date_time("2026-01-09T15:45").unwrap();
        assert_eq!(date_time_str(dt), "2026-01-09T15:45");
        assert_eq!(parse_date_time("2026-01-09 15:45"), None);
    }

    #[test]
    fn serde_uses_the_short_forms() {
        #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
        struct X {
            #[serde(with = "date")]
            d: NaiveDate,
            #[serde(with = "time")]
            t: NaiveTime,
            #[serde(with = "opt_date")]
            o: Option<NaiveDate>,
        }
        let x: X = serde_json::from_str(r#"{"d":"2026-01-10","t":"09:00","o":null}"#).unwrap();
        assert_eq!(serde_json::to_string(&x).unwrap(), r#"{"d":"2026-01-10","t":"09:00","o":null}"#);
        let err = serde_json::from_str::<X>(r#"{"d":"10/01/2026","t":"09:00","o":null}"#).unwrap_err();
        assert!(err.to_string().contains("YYYY-MM-DD"), "{err}");
    }
}
