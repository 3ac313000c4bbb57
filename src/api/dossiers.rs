//! Tracking and rating: POSTs that carry the second factor in their body (never in a URL).

use motcua_domain::dossier::{LookupRequest, Rating, Tracking};

/// Why a lookup or a rating did not go through, as the page explains it.
#[derive(Clone, Debug, PartialEq)]
pub enum Refusal {
    /// Unknown code or wrong second factor: the same answer for both, on purpose.
    NotFound,
    /// Too many attempts: try again in this many minutes (from `Retry-After`).
    Limited {
        minutes: u32,
    },
    /// Already rated, or not possible in this state: the back end's message.
    Conflict,
    Network,
    Server {
        status: u16,
    },
}

/// One POST of JSON (with the draft's secret when its uploads are named); the answer's body and
/// status, or why there was none.
async fn post(path: String, body: String, token: Option<&str>) -> Result<String, Refusal> {
    let url = super::url(&path).await;
    let mut req = gloo_net::http::Request::post(&url).header("Content-Type", "application/json");
    if let Some(token) = token {
        req = req.header("Draft-Token", token);
    }
    let res = req.body(body).map_err(|_| Refusal::Network)?.send().await.map_err(|_| Refusal::Network)?;
    let status = res.status();
    let retry = res.headers().get("Retry-After").and_then(|s| s.trim().parse::<u32>().ok());
    let text = res.text().await.map_err(|_| Refusal::Network)?;
    match status {
        200..=299 => Ok(text),
        404 => Err(Refusal::NotFound),
        409 => Err(Refusal::Conflict),
        429 => Err(Refusal::Limited { minutes: retry.unwrap_or(60).div_ceil(60).max(1) }),
        _ => Err(Refusal::Server { status }),
    }
}

fn dossier_path(code: &str, what: &str) -> String {
    format!("/dossiers/{}/{what}", motcua_domain::browse::encode(code))
}

/// A JSON string. The two small bodies are written by hand: serde's JSON serialiser would add
/// a few KiB to the tracking bundle for them.
pub(crate) fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn json_option(s: &Option<String>) -> String {
    s.as_deref().map(json_string).unwrap_or_else(|| "null".into())
}

pub(crate) fn factor_json(citizen_id: &Option<String>, phone: &Option<String>) -> String {
    format!(r#""citizen_id":{},"phone":{}"#, json_option(citizen_id), json_option(phone))
}

pub async fn lookup(code: &str, factor: &LookupRequest) -> Result<Tracking, Refusal> {
    let body = format!("{{{}}}", factor_json(&factor.citizen_id, &factor.phone));
    let text = post(dossier_path(code, "lookup"), body, None).await?;
    serde_json::from_str(&text).map_err(|_| Refusal::Server { status: 200 })
}

pub async fn rate(code: &str, r: &Rating) -> Result<(), Refusal> {
    let body = format!(
        r#"{{{},"score":{},"comment":{}}}"#,
        factor_json(&r.citizen_id, &r.phone),
        r.score,
        json_option(&r.comment)
    );
    post(dossier_path(code, "rating"), body, None).await.map(|_| ())
}

/// Attaches the finished uploads (made with the draft secret `token`) the officer asked for.
pub async fn supplement(code: &str, factor: &LookupRequest, token: &str, uploads: &[String]) -> Result<(), Refusal> {
    let body = supplement_body(factor, uploads);
    post(dossier_path(code, "supplements"), body, Some(token)).await.map(|_| ())
}

fn supplement_body(factor: &LookupRequest, uploads: &[String]) -> String {
    let ids: Vec<String> = uploads.iter().map(|u| json_string(u)).collect();
    format!(r#"{{{},"uploads":[{}]}}"#, factor_json(&factor.citizen_id, &factor.phone), ids.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_written_bodies_are_the_json_serde_would_read() {
        let r = Rating {
            citizen_id: None,
            phone: Some("0912345678".into()),
            score: 4,
            comment: Some("Tốt \"lắm\"\n\\".into()),
        };
        let body = format!(
            r#"{{{},"score":{},"comment":{}}}"#,
            factor_json(&r.citizen_id, &r.phone),
            r.score,
            json_option(&r.comment)
        );
        assert_eq!(serde_json::from_str::<Rating>(&body).unwrap(), r);
        let l = LookupRequest::from_typed("030190001234").unwrap();
        let body = format!("{{{}}}", factor_json(&l.citizen_id, &l.phone));
        assert_eq!(serde_json::from_str::<LookupRequest>(&body).unwrap(), l);
        let body = supplement_body(&l, &["u-1".into(), "u\"2".into()]);
        let read: motcua_domain::dossier::Supplement = serde_json::from_str(&body).unwrap();
        assert_eq!(read.uploads, ["u-1", "u\"2"]);
        assert_eq!(read.citizen_id, l.citizen_id);
    }
}
