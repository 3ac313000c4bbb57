//! What the back end learns of a file while its bytes stream in: the whole file's SHA-256 and
//! whether `/Encrypt` occurs in it. Saved after every PATCH (the SHA-256 state is 32 bytes plus a
//! count of whole 64-byte blocks), so that finishing an upload never reads the file again, and a
//! restart re-reads only the last partial block.

use motcua_domain::files::EncryptScan;
use sha2::digest::generic_array::GenericArray;

const H0: [u32; 8] = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

/// What is kept in the upload's row between requests.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Saved {
    /// The SHA-256 state after `hashed` bytes, as 64 hex digits (`None`: nothing hashed yet).
    pub state: Option<String>,
    /// Bytes of the file folded into `state`: a multiple of 64.
    pub hashed: u64,
    /// `/Encrypt` was seen in the first `hashed` bytes.
    pub encrypt_marker: bool,
}

impl Saved {
    pub const START: Saved = Saved { state: None, hashed: 0, encrypt_marker: false };
}

/// Bytes before `hashed` that a marker straddling the saved point could start in.
pub const LOOK_BACK: u64 = 7;

pub struct Digest {
    state: [u32; 8],
    hashed: u64,
    /// Bytes after `hashed` (fewer than 64).
    pending: Vec<u8>,
    scan: EncryptScan,
}

impl Digest {
    pub fn new() -> Digest {
        Digest { state: H0, hashed: 0, pending: Vec::with_capacity(64), scan: EncryptScan::default() }
    }

    /// Back to where `saved` left off: `before` holds the up to [`LOOK_BACK`] bytes just before
    /// `saved.hashed` (for the marker scan), `after` every byte of the file after it.
    pub fn restore(saved: &Saved, before: &[u8], after: &[u8]) -> Option<Digest> {
        let mut d = Digest::new();
        if let Some(hex_state) = &saved.state {
            let bytes = hex::decode(hex_state).ok()?;
            if bytes.len() != 32 || saved.hashed % 64 != 0 {
                return None;
            }
            for (i, word) in bytes.chunks(4).enumerate() {
                d.state[i] = u32::from_be_bytes(word.try_into().ok()?);
            }
            d.hashed = saved.hashed;
        } else if saved.hashed != 0 {
            return None;
        }
        d.scan.found = saved.encrypt_marker;
        d.scan.update(before);
        d.update(after);
        Some(d)
    }

    pub fn update(&mut self, mut data: &[u8]) {
        self.scan.update(data);
        if !self.pending.is_empty() {
            let take = (64 - self.pending.len()).min(data.len());
            self.pending.extend_from_slice(&data[..take]);
            data = &data[take..];
            if self.pending.len() < 64 {
                return;
            }
            let block = std::mem::take(&mut self.pending);
            self.compress(&block);
            self.pending = block;
            self.pending.clear();
        }
        let whole = data.len() / 64 * 64;
        for block in data[..whole].chunks_exact(64) {
            self.compress(block);
        }
        self.pending.extend_from_slice(&data[whole..]);
    }

    fn compress(&mut self, block: &[u8]) {
        sha2::compress256(&mut self.state, std::slice::from_ref(GenericArray::from_slice(block)));
        self.hashed += 64;
    }

    /// Bytes seen so far.
    pub fn len(&self) -> u64 {
        self.hashed + self.pending.len() as u64
    }

    pub fn encrypt_marker(&self) -> bool {
        self.scan.found
    }

    /// What to keep in the row (the partial block is re-read from the file next time).
    pub fn saved(&self) -> Saved {
        let state = (self.hashed > 0)
            .then(|| hex::encode(self.state.iter().flat_map(|w| w.to_be_bytes()).collect::<Vec<u8>>()));
        // A marker found in the pending bytes is found again when they are re-read: saving it now
        // changes nothing, and a marker once seen stays seen.
        Saved { state, hashed: self.hashed, encrypt_marker: self.scan.found }
    }

    /// The SHA-256 of every byte seen, as lower-case hex.
    pub fn finish(mut self) -> String {
        let bits = self.len() * 8;
        let mut tail = std::mem::take(&mut self.pending);
        tail.push(0x80);
        while tail.len() % 64 != 56 {
            tail.push(0);
        }
        tail.extend_from_slice(&bits.to_be_bytes());
        for block in tail.chunks_exact(64) {
            sha2::compress256(&mut self.state, std::slice::from_ref(GenericArray::from_slice(block)));
        }
        hex::encode(self.state.iter().flat_map(|w| w.to_be_bytes()).collect::<Vec<u8>>())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sha2::Digest as _;

    fn bytes(n: usize, seed: u32) -> Vec<u8> {
        let mut x = seed.wrapping_mul(2654435761).max(1);
        (0..n)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                x as u8
            })
            .collect()
    }

    #[test]
    fn the_digest_equals_sha256_for_every_length_and_split() {
        for n in [0, 1, 55, 56, 63, 64, 65, 119, 120, 128, 1000, 70_000] {
            let data = bytes(n, n as u32 + 1);
            let want = hex::encode(sha2::Sha256::digest(&data));
            let mut whole = Digest::new();
            whole.update(&data);
            assert_eq!(whole.finish(), want, "length {n}");
            for split in [1, 7, 63, 64, 65, 4096] {
                let mut d = Digest::new();
                for piece in data.chunks(split) {
                    d.update(piece);
                }
                assert_eq!(d.finish(), want, "length {n}, pieces of {split}");
            }
        }
    }

    #[test]
    fn a_saved_digest_resumes_from_the_file_tail_only() {
        let data = bytes(200_000, 9);
        let want = hex::encode(sha2::Sha256::digest(&data));
        // Three PATCHes of odd sizes, with a restart (save, restore) after each.
        let mut saved = Saved::START;
        let mut written = 0usize;
        for end in [70_001usize, 150_003, 200_000] {
            let from = saved.hashed as usize;
            let look = from.saturating_sub(LOOK_BACK as usize);
            let mut d = Digest::restore(&saved, &data[look..from], &data[from..written]).unwrap();
            assert!(written - from < 64, "only the partial block is re-read");
            d.update(&data[written..end]);
            written = end;
            saved = d.saved();
            assert_eq!(saved.hashed % 64, 0);
        }
        let from = saved.hashed as usize;
        let d = Digest::restore(&saved, &data[from - 7..from], &data[from..]).unwrap();
        assert_eq!(d.finish(), want);
        assert!(
            Digest::restore(&Saved { state: Some("zz".into()), hashed: 64, encrypt_marker: false }, &[], &[]).is_none()
        );
    }

    #[test]
    fn the_encrypt_marker_survives_a_save_across_its_edge() {
        let mut pdf = b"%PDF-1.7\n".to_vec();
        pdf.extend(std::iter::repeat_n(b' ', 60));
        pdf.extend_from_slice(b"/Encrypt 5 0 R");
        // The marker straddles byte 64, the first saved point.
        let mut d = Digest::new();
        d.update(&pdf[..66]);
        let saved = d.saved();
        assert_eq!(saved.hashed, 64);
        let restored = Digest::restore(&saved, &pdf[57..64], &pdf[64..66]).unwrap();
        let mut d2 = restored;
        d2.update(&pdf[66..]);
        assert!(d2.encrypt_marker());
    }
}
