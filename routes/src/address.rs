//! Reading and writing an address: which pattern a path matches and with which parameters, the
//! values of a query string, and percent-encoding a value for either.

/// Named values read from an address: a route's parameters or a query string's fields.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Params(Vec<(String, String)>);

impl Params {
    /// The value of `key` (the first, when a query repeats it).
    pub fn get(&self, key: &str) -> Option<String> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())
    }
}

/// Matches `path` (without query or fragment) against a route's `pattern`: literal segments,
/// `:name` for one segment, `:name?` for a last segment that may be missing. Empty segments (a
/// trailing or doubled slash) are ignored; segments are percent-decoded.
pub fn match_path(pattern: &str, path: &str) -> Option<Params> {
    let mut segments = path.split('/').filter(|s| !s.is_empty());
    let mut params = Vec::new();
    for part in pattern.split('/').filter(|s| !s.is_empty()) {
        let segment = segments.next();
        match (part.strip_prefix(':'), segment) {
            (Some(name), segment) if name.ends_with('?') => {
                if let Some(s) = segment {
                    params.push((name.trim_end_matches('?').to_string(), decode(s, false)));
                }
            }
            (Some(name), Some(s)) => params.push((name.to_string(), decode(s, false))),
            (None, Some(s)) if decode(s, false) == part => {}
            _ => return None,
        }
    }
    segments.next().is_none().then_some(Params(params))
}

/// The fields of a query string (with or without its `?`), as a form sends them: `+` is a space,
/// `%XX` a byte of UTF-8.
pub fn parse_query(query: &str) -> Params {
    let pairs = query.trim_start_matches('?').split('&').filter(|p| !p.is_empty());
    Params(
        pairs
            .map(|pair| {
                let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                (decode(k, true), decode(v, true))
            })
            .collect(),
    )
}

/// Percent-encodes a path segment or a query value (UTF-8 words included), leaving only
/// unreserved characters as they are.
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Percent-decodes `s` (and `+` as a space in a query). A `%` not followed by two hex digits
/// stays as it is; escapes that do not make UTF-8 leave the whole value as it was typed.
fn decode(s: &str, plus_is_space: bool) -> String {
    if !s.contains(['%', '+']) {
        return s.to_string();
    }
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push(h * 16 + l);
                    i += 3;
                    continue;
                }
                _ => out.push(b'%'),
            },
            b'+' if plus_is_space => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(p: &Params) -> Vec<(&str, &str)> {
        p.0.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
    }

    #[test]
    fn literal_routes_match_only_their_path() {
        assert_eq!(match_path("/", "/"), Some(Params::default()));
        assert_eq!(match_path("/", "/khong-co"), None);
        assert_eq!(match_path("/thu-sau", "/thu-sau"), Some(Params::default()));
        assert_eq!(match_path("/thu-sau", "/thu-sau/"), Some(Params::default()));
        assert_eq!(match_path("/thu-sau", "/thu-sau/x"), None);
        assert_eq!(match_path("/thu-sau", "/thu-tuc"), None);
        assert_eq!(match_path("/tra-cuu/bien-nhan/:code", "/tra-cuu"), None);
    }

    #[test]
    fn parameters_take_one_segment_each() {
        let p = match_path("/thu-tuc/:id", "/thu-tuc/XA-HT-01").unwrap();
        assert_eq!(pairs(&p), [("id", "XA-HT-01")]);
        assert_eq!(p.get("id").as_deref(), Some("XA-HT-01"));
        assert_eq!(p.get("step"), None);
        assert_eq!(match_path("/thu-tuc/:id", "/thu-tuc"), None);
        assert_eq!(match_path("/thu-tuc/:id", "/thu-tuc/XA-HT-01/to-khai"), None);
        let form = match_path("/thu-tuc/:id/to-khai", "/thu-tuc/XA-HT-01/to-khai").unwrap();
        assert_eq!(pairs(&form), [("id", "XA-HT-01")]);
        assert_eq!(match_path("/thu-tuc/:id/to-khai", "/thu-tuc/XA-HT-01/in"), None);
    }

    #[test]
    fn an_optional_last_parameter_may_be_missing() {
        let pattern = "/nop-ho-so/:id/:step?";
        assert_eq!(pairs(&match_path(pattern, "/nop-ho-so/A1").unwrap()), [("id", "A1")]);
        assert_eq!(pairs(&match_path(pattern, "/nop-ho-so/A1/").unwrap()), [("id", "A1")]);
        assert_eq!(pairs(&match_path(pattern, "/nop-ho-so/A1/giay-to").unwrap()), [("id", "A1"), ("step", "giay-to")]);
        assert_eq!(match_path(pattern, "/nop-ho-so"), None);
        assert_eq!(match_path(pattern, "/nop-ho-so/A1/giay-to/x"), None);
    }

    #[test]
    fn path_segments_are_decoded() {
        let p = match_path("/thu-tuc/:id", "/thu-tuc/X%C3%83-1%2F2").unwrap();
        assert_eq!(p.get("id").as_deref(), Some("XÃ-1/2"));
        // A plus sign is itself in a path.
        assert_eq!(match_path("/thu-tuc/:id", "/thu-tuc/a+b").unwrap().get("id").as_deref(), Some("a+b"));
    }

    #[test]
    fn queries_read_as_a_form_sends_them() {
        let q = parse_query("?q=gi%E1%BA%A5y+khai+sinh&level=xa&level=tinh&friday=1&empty=&bare");
        assert_eq!(q.get("q").as_deref(), Some("giấy khai sinh"));
        assert_eq!(q.get("level").as_deref(), Some("xa"), "the first of a repeated field");
        assert_eq!(q.get("friday").as_deref(), Some("1"));
        assert_eq!(q.get("empty").as_deref(), Some(""));
        assert_eq!(q.get("bare").as_deref(), Some(""));
        assert_eq!(q.get("office"), None);
        assert_eq!(parse_query(""), Params::default());
        assert_eq!(parse_query("ma=000.21.12.H23-261127-0001").get("ma").as_deref(), Some("000.21.12.H23-261127-0001"));
        assert_eq!(parse_query("a%3Db=c%26d").get("a=b").as_deref(), Some("c&d"));
    }

    #[test]
    fn encoded_values_read_back_as_they_were() {
        for v in ["giấy khai sinh", "a&b=c", "100%", "x/y?z#w", "+84 912"] {
            assert_eq!(parse_query(&format!("q={}", encode(v))).get("q").as_deref(), Some(v));
            assert_eq!(match_path("/a/:v", &format!("/a/{}", encode(v))).unwrap().get("v").as_deref(), Some(v));
        }
        assert_eq!(encode("XA-HT-01_a.b~"), "XA-HT-01_a.b~");
    }

    #[test]
    fn broken_escapes_stay_as_typed() {
        assert_eq!(parse_query("q=100%").get("q").as_deref(), Some("100%"));
        assert_eq!(parse_query("q=%zz1").get("q").as_deref(), Some("%zz1"));
        assert_eq!(parse_query("q=%4").get("q").as_deref(), Some("%4"));
        assert_eq!(parse_query("q=%41").get("q").as_deref(), Some("A"));
        assert_eq!(parse_query("q=%FF%41").get("q").as_deref(), Some("%FF%41"));
    }
}
