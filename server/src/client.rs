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

    /// What every limit counts under: an IPv4 address, or the /64 of an IPv6 one (one household
    /// or phone is given a whole /64, so counting single IPv6 addresses would let one client be
    /// as many as it likes). An IPv4 address seen as IPv6 (`::ffff:a.b.c.d`) is that IPv4 address.
    pub fn key(&self) -> IpAddr {
        match self.0 {
            IpAddr::V4(a) => IpAddr::V4(a),
            IpAddr::V6(a) => match a.to_ipv4_mapped() {
                Some(v4) => IpAddr::V4(v4),
                None => {
                    let s = a.segments();
                    IpAddr::V6(std::net::Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
                }
            },
        }
    }

    /// [`Client::key`] as text, for rows that keep a quota (`…::/64` for IPv6).
    pub fn quota_key(&self) -> String {
        match self.key() {
            IpAddr::V4(a) => a.to_string(),
            IpAddr::V6(a) => format!("{a}/64"),
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
        let neighbour = Client("2001:db8:1:2:ffff::9".parse().unwrap());
        assert_eq!(neighbour.key(), v6.key(), "one /64 is one client");
        assert_ne!(Client("2001:db8:1:3::1".parse().unwrap()).key(), v6.key());
        let mapped = Client("::ffff:192.0.2.7".parse().unwrap());
        assert_eq!(mapped.key(), Client("192.0.2.7".parse().unwrap()).key());
    }
}
