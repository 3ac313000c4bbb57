//! Who is asking: the client's address, for limits and quotas, and a tag of it for logs (a
//! salted hash, so logs can tie events together without holding an address).

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::OnceLock;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use sha2::Digest;

/// The peer address of the connection (requests built in tests without one count as 127.0.0.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Client(pub IpAddr);

impl<S: Send + Sync> FromRequestParts<S> for Client {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Client(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|c| c.0.ip())
                .unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST)),
        ))
    }
}

static SALT: OnceLock<Vec<u8>> = OnceLock::new();

/// Sets the salt once, from the database, so quota keys outlive restarts (later calls are
/// ignored; without a call a random salt is made).
pub fn init_salt(salt: Vec<u8>) {
    let _ = SALT.set(salt);
}

fn salt() -> &'static [u8] {
    SALT.get_or_init(|| {
        let mut s = [0u8; 16];
        getrandom::fill(&mut s).expect("system randomness");
        s.to_vec()
    })
}

/// 12 hex digits of a salted hash: the same for one value, useless for finding the value.
pub fn tag(value: &str) -> String {
    let mut h = sha2::Sha256::new();
    h.update(salt());
    h.update(value.as_bytes());
    hex::encode(&h.finalize()[..6])
}

impl Client {
    pub fn tag(&self) -> String {
        tag(&self.0.to_string())
    }

    /// What quotas are kept under: the address, or its /64 for IPv6 (one household or phone
    /// holds a whole /64).
    pub fn quota_key(&self) -> String {
        match self.0 {
            IpAddr::V4(a) => a.to_string(),
            IpAddr::V6(a) => {
                let s = a.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_stable_within_a_run_and_hide_the_value() {
        assert_eq!(tag("127.0.0.1"), tag("127.0.0.1"));
        assert_ne!(tag("127.0.0.1"), tag("127.0.0.2"));
        assert_eq!(tag("x").len(), 12);
        assert!(!tag("127.0.0.1").contains("127"));
        let v6 = Client("2001:db8:1:2:3:4:5:6".parse().unwrap());
        assert_eq!(v6.quota_key(), "2001:db8:1:2::/64");
    }
}
