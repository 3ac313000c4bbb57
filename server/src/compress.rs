//! Compression of the API's answers: brotli or gzip as the client accepts, done at once on the
//! whole (small) answer, so that what waits to be sent is only the compressed bytes. A streaming
//! compressor (tower-http's) keeps its encoder for as long as the answer waits: a client that
//! opens hundreds of HTTP/2 streams and never reads them held about 750 KB of brotli state each
//! (500 streams: +372 MiB, measured in `tests/denial.rs`); this keeps about their size.

use axum::body::{to_bytes, Body};
use axum::extract::Request;
use axum::http::{header, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::Response;

/// Answers at most this large are compressed (the API's largest, the catalogue, is ~60 KB).
const LARGEST: usize = 1024 * 1024;
/// Answers smaller than this are sent as they are.
const SMALLEST: usize = 512;
/// brotli quality and window: a JSON answer of 60 KB in about a millisecond, within a few per
/// cent of the slowest setting.
const BROTLI_QUALITY: i32 = 5;
const BROTLI_WINDOW: i32 = 20;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Coding {
    Brotli,
    Gzip,
}

fn chosen(accept: &str) -> Option<Coding> {
    let accepts = |coding: &str| {
        accept.split(',').any(|c| {
            let mut parts = c.trim().split(';');
            let name = parts.next().unwrap_or("").trim();
            let refused = parts.any(|p| matches!(p.trim(), "q=0" | "q=0.0" | "q=0.00" | "q=0.000"));
            name.eq_ignore_ascii_case(coding) && !refused
        })
    };
    if accepts("br") {
        Some(Coding::Brotli)
    } else if accepts("gzip") {
        Some(Coding::Gzip)
    } else {
        None
    }
}

fn encode(coding: Coding, data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    match coding {
        Coding::Brotli => {
            let mut out = Vec::with_capacity(data.len() / 4);
            let params = brotli::enc::BrotliEncoderParams {
                quality: BROTLI_QUALITY,
                lgwin: BROTLI_WINDOW,
                ..Default::default()
            };
            brotli::BrotliCompress(&mut &data[..], &mut out, &params).expect("in-memory brotli");
            out
        }
        Coding::Gzip => {
            let mut enc =
                flate2::write::GzEncoder::new(Vec::with_capacity(data.len() / 4), flate2::Compression::new(6));
            enc.write_all(data).expect("in-memory gzip");
            enc.finish().expect("in-memory gzip")
        }
    }
}

fn compressible(res: &Response) -> bool {
    let content_type = res.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    !res.headers().contains_key(header::CONTENT_ENCODING)
        && (content_type.starts_with("application/json") || content_type.starts_with("text/"))
        && http_body::Body::size_hint(res.body())
            .upper()
            .is_some_and(|n| (SMALLEST as u64..=LARGEST as u64).contains(&n))
}

/// The middleware: `axum::middleware::from_fn(compress::api)`.
pub async fn api(req: Request, next: Next) -> Response {
    let coding = (req.method() != Method::HEAD)
        .then(|| req.headers().get(header::ACCEPT_ENCODING).and_then(|v| v.to_str().ok()).and_then(chosen))
        .flatten();
    let res = next.run(req).await;
    let Some(coding) = coding else { return res };
    if !compressible(&res) {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let Ok(raw) = to_bytes(body, LARGEST).await else {
        return Response::from_parts(parts, Body::empty());
    };
    let packed = if raw.len() > 64 * 1024 {
        tokio::task::spawn_blocking(move || encode(coding, &raw)).await.unwrap_or_default()
    } else {
        encode(coding, &raw)
    };
    let h = &mut parts.headers;
    h.insert(header::CONTENT_ENCODING, HeaderValue::from_static(if coding == Coding::Brotli { "br" } else { "gzip" }));
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(packed.len()));
    h.append(header::VARY, HeaderValue::from_static("accept-encoding"));
    Response::from_parts(parts, Body::from(packed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_coding_follows_what_the_client_accepts() {
        assert_eq!(chosen("gzip, deflate, br, zstd"), Some(Coding::Brotli));
        assert_eq!(chosen("gzip"), Some(Coding::Gzip));
        assert_eq!(chosen("br;q=0, gzip"), Some(Coding::Gzip));
        assert_eq!(chosen("identity"), None);
        assert_eq!(chosen(""), None);
    }

    #[test]
    fn both_codings_round_trip() {
        let data = serde_json::to_vec(&vec!["Đăng ký khai sinh"; 500]).unwrap();
        let br = encode(Coding::Brotli, &data);
        assert!(br.len() < data.len() / 10);
        let mut out = Vec::new();
        brotli::BrotliDecompress(&mut &br[..], &mut out).unwrap();
        assert_eq!(out, data);
        let gz = encode(Coding::Gzip, &data);
        let mut out = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&gz[..]), &mut out).unwrap();
        assert_eq!(out, data);
    }
}
