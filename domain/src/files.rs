//! What kind of file a document is, judged by its first bytes (never by its name), and the
//! checks both the app and the back end run before accepting it.

use serde::{Deserialize, Serialize};

use crate::Text;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase", try_from = "String")]
pub enum FileType {
    Pdf,
    Jpeg,
    Png,
    Webp,
    Heic,
}
crate::enum_from_wire_name!(FileType { "pdf" => Pdf, "jpeg" => Jpeg, "png" => Png, "webp" => Webp, "heic" => Heic });

impl FileType {
    pub const ALL: [FileType; 5] = [FileType::Pdf, FileType::Jpeg, FileType::Png, FileType::Webp, FileType::Heic];

    pub fn mime(self) -> &'static str {
        match self {
            FileType::Pdf => "application/pdf",
            FileType::Jpeg => "image/jpeg",
            FileType::Png => "image/png",
            FileType::Webp => "image/webp",
            FileType::Heic => "image/heic",
        }
    }

    pub fn from_mime(mime: &str) -> Option<FileType> {
        FileType::ALL.into_iter().find(|t| t.mime() == mime || (mime == "image/heif" && *t == FileType::Heic))
    }
}

/// Bytes needed to recognise every type.
pub const SNIFF_LEN: usize = 16;

/// The type the first bytes show, if it is one we accept at all.
pub fn detect(head: &[u8]) -> Option<FileType> {
    if head.starts_with(b"%PDF-") {
        Some(FileType::Pdf)
    } else if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(FileType::Jpeg)
    } else if head.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        Some(FileType::Png)
    } else if head.len() >= 12 && &head[0..4] == b"RIFF" && &head[8..12] == b"WEBP" {
        Some(FileType::Webp)
    } else if head.len() >= 12
        && &head[4..8] == b"ftyp"
        && matches!(&head[8..12], b"heic" | b"heix" | b"hevc" | b"hevx" | b"mif1" | b"msf1" | b"heim" | b"heis")
    {
        Some(FileType::Heic)
    } else {
        None
    }
}

/// A PDF whose trailer names an `/Encrypt` dictionary needs a password to open: the officer could
/// not read it.
pub fn pdf_is_encrypted(pdf: &[u8]) -> bool {
    pdf.windows(8).any(|w| w == b"/Encrypt")
}

/// Why a file is refused, in words that say what to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Refusal {
    Empty,
    TooLarge,
    TypeNotAccepted,
    PdfEncrypted,
}

impl Refusal {
    pub fn message(self, max_bytes: u64) -> Text {
        let mib = max_bytes.div_ceil(1024 * 1024);
        match self {
            Refusal::Empty => Text::new(
                "Tệp trống, không có nội dung. Hãy chọn lại đúng tệp.",
                "The file is empty. Choose the right file again.",
            ),
            Refusal::TooLarge => Text::new(
                format!("Tệp lớn hơn {mib} MB. Hãy chụp lại với độ phân giải thấp hơn hoặc chia nhỏ tệp PDF."),
                format!("The file is larger than {mib} MB. Take the photo again at a lower resolution or split the PDF."),
            ),
            Refusal::TypeNotAccepted => Text::new(
                "Tệp này không phải ảnh (JPG, PNG, WebP, HEIC) hoặc PDF. Hãy chụp ảnh giấy tờ hoặc chọn tệp PDF.",
                "This file is not a photo (JPG, PNG, WebP, HEIC) or a PDF. Take a photo of the document or choose a PDF.",
            ),
            Refusal::PdfEncrypted => Text::new(
                "Tệp PDF có mật khẩu nên cán bộ không mở được. Hãy lưu lại bản không đặt mật khẩu rồi tải lên.",
                "The PDF is password-protected, so the officer cannot open it. Save a copy without a password and upload that.",
            ),
        }
    }
}

/// Checks a whole file against what a requirement accepts.
pub fn check(bytes: &[u8], accepted: &[FileType], max_bytes: u64) -> Result<FileType, Refusal> {
    let seen = Seen {
        head: &bytes[..bytes.len().min(SNIFF_LEN)],
        len: bytes.len() as u64,
        pdf_encrypt_marker: pdf_is_encrypted(bytes),
    };
    check_seen(&seen, accepted, max_bytes)
}

/// What the checks need of a file, gathered while its bytes streamed past (the back end never
/// reads a finished upload whole again).
#[derive(Clone, Copy, Debug)]
pub struct Seen<'a> {
    /// The first [`SNIFF_LEN`] bytes (fewer for a shorter file).
    pub head: &'a [u8],
    pub len: u64,
    /// `/Encrypt` occurs somewhere in the bytes ([`EncryptScan`]).
    pub pdf_encrypt_marker: bool,
}

/// [`check`] on what was gathered while streaming.
pub fn check_seen(seen: &Seen<'_>, accepted: &[FileType], max_bytes: u64) -> Result<FileType, Refusal> {
    if seen.len == 0 {
        return Err(Refusal::Empty);
    }
    if seen.len > max_bytes {
        return Err(Refusal::TooLarge);
    }
    let kind = detect(seen.head).filter(|k| accepted.contains(k)).ok_or(Refusal::TypeNotAccepted)?;
    if kind == FileType::Pdf && seen.pdf_encrypt_marker {
        return Err(Refusal::PdfEncrypted);
    }
    Ok(kind)
}

const ENCRYPT: &[u8; 8] = b"/Encrypt";

/// Looks for `/Encrypt` in bytes that arrive in pieces, across the pieces' edges.
#[derive(Clone, Debug, Default)]
pub struct EncryptScan {
    /// The last bytes seen (at most 7): a marker may start in them.
    carry: Vec<u8>,
    pub found: bool,
}

impl EncryptScan {
    pub fn update(&mut self, data: &[u8]) {
        if !self.found && !data.is_empty() {
            let mut edge = self.carry.clone();
            edge.extend_from_slice(&data[..data.len().min(ENCRYPT.len() - 1)]);
            self.found =
                edge.windows(ENCRYPT.len()).any(|w| w == ENCRYPT) || data.windows(ENCRYPT.len()).any(|w| w == ENCRYPT);
        }
        self.keep_tail(data);
    }

    fn keep_tail(&mut self, data: &[u8]) {
        let keep = ENCRYPT.len() - 1;
        if data.len() >= keep {
            self.carry.clear();
            self.carry.extend_from_slice(&data[data.len() - keep..]);
        } else {
            self.carry.extend_from_slice(data);
            let extra = self.carry.len().saturating_sub(keep);
            self.carry.drain(..extra);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_are_told_by_their_first_bytes() {
        assert_eq!(detect(b"%PDF-1.7\n%\xe2\xe3"), Some(FileType::Pdf));
        assert_eq!(detect(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]), Some(FileType::Jpeg));
        assert_eq!(detect(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), Some(FileType::Png));
        assert_eq!(detect(b"RIFF\x24\0\0\0WEBPVP8 "), Some(FileType::Webp));
        assert_eq!(detect(b"\0\0\0\x18ftypheic\0\0\0\0"), Some(FileType::Heic));
        assert_eq!(detect(b"\0\0\0\x18ftypmp42\0\0\0\0"), None, "an MP4 video is not a photo");
        assert_eq!(detect(b"PK\x03\x04"), None, "a .docx renamed .pdf is refused");
        assert_eq!(detect(b""), None);
    }

    #[test]
    fn whole_files_are_checked_against_the_requirement() {
        let all = FileType::ALL;
        assert_eq!(check(b"", &all, 10), Err(Refusal::Empty));
        assert_eq!(check(b"%PDF-1.4 xxxxxxxx", &all, 5), Err(Refusal::TooLarge));
        assert_eq!(check(b"%PDF-1.4 trailer << /Encrypt 5 0 R >>", &all, 1000), Err(Refusal::PdfEncrypted));
        assert_eq!(check(b"%PDF-1.4 trailer << /Root 1 0 R >>", &all, 1000), Ok(FileType::Pdf));
        assert_eq!(check(b"%PDF-1.4", &[FileType::Jpeg], 1000), Err(Refusal::TypeNotAccepted));
        assert!(Refusal::TooLarge.message(20 * 1024 * 1024).vi.contains("20 MB"));
    }

    #[test]
    fn the_encrypt_marker_is_found_across_every_split() {
        let pdf = b"%PDF-1.4 1 0 obj trailer << /Encrypt 5 0 R >> %%EOF";
        for a in 0..pdf.len() {
            for b in a..pdf.len() {
                let mut scan = EncryptScan::default();
                for piece in [&pdf[..a], &pdf[a..b], &pdf[b..]] {
                    scan.update(piece);
                }
                assert!(scan.found, "split at {a} and {b}");
            }
        }
        let mut clean = EncryptScan::default();
        for piece in b"%PDF-1.4 /Encryp t /Encrypted?".chunks(3) {
            clean.update(piece);
        }
        assert!(clean.found, "/Encrypted contains the marker, as the whole-file check says too");
        let mut none = EncryptScan::default();
        for piece in b"%PDF-1.4 /Encryp /Root 1 0 R".chunks(2) {
            none.update(piece);
        }
        assert!(!none.found);
    }
}
