//! Security headers on every response.

use axum::http::{header, HeaderName, HeaderValue};
use axum::response::Response;

use crate::assets::Assets;

/// The Content-Security-Policy: scripts only from this origin plus the hashed inline loader,
/// WebAssembly compilation allowed, styles from this origin plus each page's own hashed
/// stylesheet (no other inline style, no `style=` attribute), no framing.
pub fn content_security_policy(assets: &Assets) -> String {
    let mut script_src = vec!["'self'".to_string(), "'wasm-unsafe-eval'".to_string()];
    script_src.extend(assets.script_hashes.iter().cloned());
    let mut style_src = vec!["'self'".to_string()];
    style_src.extend(assets.style_hashes.iter().cloned());
    let mut connect_src = vec!["'self'".to_string()];
    connect_src.extend(assets.api_origin.clone());
    [
        "default-src 'none'".to_string(),
        format!("script-src {}", script_src.join(" ")),
        format!("style-src {}", style_src.join(" ")),
        "img-src 'self' data: blob:".to_string(),
        "font-src 'self'".to_string(),
        format!("connect-src {}", connect_src.join(" ")),
        "manifest-src 'self'".to_string(),
        "worker-src 'self' blob:".to_string(),
        "base-uri 'none'".to_string(),
        "form-action 'self'".to_string(),
        "frame-ancestors 'none'".to_string(),
        "object-src 'none'".to_string(),
    ]
    .join("; ")
}

#[derive(Clone)]
pub struct SecurityHeaders {
    headers: Vec<(HeaderName, HeaderValue)>,
}

impl SecurityHeaders {
    /// `hsts`: add `Strict-Transport-Security` (only when the app is reached over HTTPS: over
    /// plain HTTP the header means nothing, and a browser that once saw it over HTTPS would refuse
    /// a later plain-HTTP reference server on the same name).
    pub fn new(assets: &Assets, hsts: bool) -> Self {
        let csp = content_security_policy(assets);
        let pairs: [(&str, &str); 7] = [
            ("content-security-policy", &csp),
            ("x-content-type-options", "nosniff"),
            ("referrer-policy", "no-referrer"),
            ("x-frame-options", "DENY"),
            ("cross-origin-opener-policy", "same-origin"),
            ("cross-origin-resource-policy", "same-origin"),
            ("permissions-policy", "camera=(self), microphone=(), geolocation=(), payment=(), usb=()"),
        ];
        let mut headers: Vec<(HeaderName, HeaderValue)> = pairs
            .iter()
            .map(|(k, v)| (HeaderName::from_static(k), HeaderValue::from_str(v).expect("ASCII header")))
            .collect();
        if hsts {
            headers.push((header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000")));
        }
        SecurityHeaders { headers }
    }

    pub fn apply(&self, mut res: Response) -> Response {
        let h = res.headers_mut();
        for (k, v) in &self.headers {
            h.insert(k.clone(), v.clone());
        }
        if !h.contains_key(header::CACHE_CONTROL) {
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        }
        res
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csp_allows_wasm_but_never_unsafe_inline() {
        let csp = content_security_policy(&Assets::default());
        assert!(csp.contains("script-src 'self' 'wasm-unsafe-eval'"));
        assert!(!csp.contains("unsafe-inline"));
        assert!(csp.contains("frame-ancestors 'none'"));
    }

    #[test]
    fn hsts_only_when_asked() {
        let res = || Response::new(axum::body::Body::empty());
        let plain = SecurityHeaders::new(&Assets::default(), false).apply(res());
        assert!(!plain.headers().contains_key(header::STRICT_TRANSPORT_SECURITY));
        let tls = SecurityHeaders::new(&Assets::default(), true).apply(res());
        assert_eq!(tls.headers()[header::STRICT_TRANSPORT_SECURITY], "max-age=31536000");
    }
}
