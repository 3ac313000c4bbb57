//! HTTPS for the reference back end, as a province would deploy it: rustls (the ring provider),
//! TLS 1.2 and 1.3, and ALPN offering HTTP/2 before HTTP/1.1, so a phone fetches a page's files
//! over one connection instead of opening up to six (a TCP handshake each, on a slow link).
//!
//! The certificate comes from PEM files, or, for development and the benches, is made at start
//! for `localhost` and `127.0.0.1`: self-signed, so a browser must be told to accept it.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio_rustls::rustls::{self, ServerConfig};
use tokio_rustls::TlsAcceptor;

/// Where the server's certificate comes from.
#[derive(Clone, Debug)]
pub enum Certificate {
    /// A certificate chain and its private key, PEM.
    Files { chain: PathBuf, key: PathBuf },
    /// Made at start for localhost (development, benches, tests).
    SelfSigned,
}

/// The protocols offered in ALPN, preferred first.
pub const ALPN: [&[u8]; 2] = [b"h2", b"http/1.1"];

/// The acceptor for `certificate`, or why it cannot be made (in words for the operator).
pub fn acceptor(certificate: &Certificate) -> Result<TlsAcceptor, String> {
    let (chain, key) = match certificate {
        Certificate::Files { chain, key } => (read_chain(chain)?, read_key(key)?),
        Certificate::SelfSigned => self_signed()?,
    };
    // ring rather than rustls's default aws-lc-rs, which needs cmake and a longer C build on a
    // fresh machine; rustls marks ring's provider deprecated only for lacking post-quantum key
    // exchange (X25519MLKEM768), which browsers fall back from to X25519.
    #[allow(deprecated)]
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("TLS: {e}"))?
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .map_err(|e| format!("the certificate and key do not make a TLS configuration: {e}"))?;
    config.alpn_protocols = ALPN.iter().map(|p| p.to_vec()).collect();
    Ok(TlsAcceptor::from(Arc::new(config)))
}

fn read_chain(path: &Path) -> Result<Vec<CertificateDer<'static>>, String> {
    let chain = CertificateDer::pem_file_iter(path)
        .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
        .map_err(|e| format!("cannot read the certificate chain {}: {e}", path.display()))?;
    if chain.is_empty() {
        return Err(format!("{} holds no certificate (PEM, BEGIN CERTIFICATE)", path.display()));
    }
    Ok(chain)
}

fn read_key(path: &Path) -> Result<PrivateKeyDer<'static>, String> {
    PrivateKeyDer::from_pem_file(path)
        .map_err(|e| format!("cannot read a private key (PEM) from {}: {e}", path.display()))
}

fn self_signed() -> Result<(Vec<CertificateDer<'static>>, PrivateKeyDer<'static>), String> {
    let made = rcgen::generate_simple_self_signed(vec!["localhost".to_string(), "127.0.0.1".to_string()])
        .map_err(|e| format!("cannot make a self-signed certificate: {e}"))?;
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(made.key_pair.serialize_der()));
    Ok((vec![made.cert.der().clone()], key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_self_signed_certificate_makes_an_acceptor_offering_http2_first() {
        assert!(acceptor(&Certificate::SelfSigned).is_ok());
        assert_eq!(ALPN[0], b"h2");
    }

    #[test]
    fn unreadable_or_empty_files_are_explained() {
        let dir = tempfile::tempdir().unwrap();
        let missing = Certificate::Files { chain: dir.path().join("none.pem"), key: dir.path().join("none.key") };
        let err = acceptor(&missing).err().unwrap();
        assert!(err.contains("cannot read the certificate chain") && err.contains("none.pem"), "{err}");

        let empty = dir.path().join("empty.pem");
        std::fs::write(&empty, "not a certificate\n").unwrap();
        let err = acceptor(&Certificate::Files { chain: empty, key: dir.path().join("none.key") }).err().unwrap();
        assert!(err.contains("holds no certificate"), "{err}");
    }
}
