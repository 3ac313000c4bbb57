//! Who applies: the checks on a citizen's name, ID number, phone and e-mail, with messages that
//! say what is wrong and how to fix it. The app runs them as the citizen types; the back end runs
//! the same ones on what it receives.

use serde::{Deserialize, Serialize};

use crate::Text;

/// Province (or city) codes that open a 12-digit personal identification number.
const PROVINCE_CODES: [u16; 63] = [
    1, 2, 4, 6, 8, 10, 11, 12, 14, 15, 17, 19, 20, 22, 24, 25, 26, 27, 30, 31, 33, 34, 35, 36, 37, 38, 40, 42, 44, 45,
    46, 48, 49, 51, 52, 54, 56, 58, 60, 62, 64, 66, 67, 68, 70, 72, 74, 75, 77, 79, 80, 82, 83, 84, 86, 87, 89, 91, 92,
    93, 94, 95, 96,
];

/// Mobile prefixes in use since the 2018 move to 10 digits.
const MOBILE_PREFIXES: [&str; 31] = [
    "32", "33", "34", "35", "36", "37", "38", "39", "52", "55", "56", "58", "59", "70", "76", "77", "78", "79", "81",
    "82", "83", "84", "85", "86", "87", "88", "89", "90", "91", "93", "94",
];
const MORE_MOBILE_PREFIXES: [&str; 4] = ["96", "97", "98", "99"];

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Gender {
    Male,
    Female,
}

/// The applicant as sent with a dossier.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Applicant {
    pub full_name: String,
    pub citizen_id: String,
    pub birth_year: u16,
    pub gender: Option<Gender>,
    pub phone: String,
    pub email: Option<String>,
    pub address: String,
}

/// One problem with one field; `field` names the JSON field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub code: String,
    pub message: Text,
}

fn err(field: &str, code: &str, vi: &str, en: &str) -> FieldError {
    FieldError { field: field.into(), code: code.into(), message: Text::new(vi, en) }
}

/// Keeps the digits of a number typed with spaces, dots or dashes.
pub fn digits_only(s: &str) -> String {
    s.chars().filter(|c| !matches!(c, ' ' | '.' | '-' | '\u{a0}')).collect()
}

/// Characters that change how text is shown without being seen: controls, direction marks and
/// overrides (U+202E turns "Nguyễn" around on an officer's screen), zero-width ones. Nobody
/// types them; they come with pasted text, or with a trick.
pub fn hidden_character(s: &str) -> Option<char> {
    s.chars().find(|c| {
        c.is_control()
            || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
    })
}

/// The message for text holding a [`hidden_character`].
pub fn hidden_character_error(field: &str) -> FieldError {
    err(
        field,
        "hidden_character",
        "Có ký tự ẩn không dùng được (thường do dán từ nơi khác). Hãy xóa rồi gõ lại.",
        "There is a hidden character that cannot be used (often from pasted text). Delete it and type again.",
    )
}

pub fn check_full_name(name: &str) -> Option<FieldError> {
    let name = name.trim();
    if name.is_empty() {
        return Some(err("full_name", "required", "Nhập họ và tên của bạn.", "Enter your full name."));
    }
    if name.chars().count() > 100 {
        return Some(err(
            "full_name",
            "too_long",
            "Họ và tên không được dài quá 100 ký tự.",
            "Your full name must be 100 characters or fewer.",
        ));
    }
    if hidden_character(name).is_some() {
        return Some(hidden_character_error("full_name"));
    }
    if name.chars().any(|c| !(c.is_alphabetic() || c == ' ' || c == '\'' || c == '-')) {
        return Some(err(
            "full_name",
            "invalid",
            "Họ và tên chỉ gồm chữ cái và dấu cách, như trên thẻ căn cước.",
            "Your full name can only contain letters and spaces, as on your ID card.",
        ));
    }
    None
}

/// A 12-digit personal identification number: province code, then the century and gender
/// digit and the last two digits of the birth year.
pub fn check_citizen_id(id: &str, birth_year: u16, gender: Option<Gender>) -> Option<FieldError> {
    let id = digits_only(id);
    if id.is_empty() {
        return Some(err(
            "citizen_id",
            "required",
            "Nhập số định danh cá nhân (số căn cước, 12 chữ số).",
            "Enter your personal identification number (12 digits, on your ID card).",
        ));
    }
    if id.len() != 12 || !id.bytes().all(|b| b.is_ascii_digit()) {
        return Some(err(
            "citizen_id",
            "format",
            "Số định danh cá nhân gồm đúng 12 chữ số, ví dụ 030095001234.",
            "Your personal identification number must be exactly 12 digits, like 030095001234.",
        ));
    }
    let province: u16 = id[0..3].parse().unwrap_or(0);
    if !PROVINCE_CODES.contains(&province) {
        return Some(err(
            "citizen_id",
            "province",
            "3 chữ số đầu không phải mã tỉnh, thành phố. Hãy kiểm tra lại số trên thẻ căn cước.",
            "The first 3 digits are not a province code. Check the number on your ID card.",
        ));
    }
    let century_gender = (id.as_bytes()[3] - b'0') as u16;
    let yy: u16 = id[4..6].parse().unwrap_or(0);
    let century_ok = (1900..2400).contains(&birth_year) && century_gender / 2 == (birth_year - 1900) / 100;
    if !century_ok || yy != birth_year % 100 {
        return Some(err("citizen_id", "birth_year", "Số định danh không khớp với năm sinh: chữ số thứ 4 đến 6 cho biết thế kỷ và năm sinh. Hãy kiểm tra lại số hoặc năm sinh.", "The number does not match your year of birth: digits 4 to 6 give the century and year of birth. Check the number or the year."));
    }
    let is_female = century_gender % 2 == 1;
    if let Some(g) = gender {
        if (g == Gender::Female) != is_female {
            return Some(err(
                "citizen_id",
                "gender",
                "Số định danh không khớp với giới tính đã chọn. Hãy kiểm tra lại.",
                "The number does not match the sex you chose. Check both.",
            ));
        }
    }
    None
}

pub fn check_birth_year(year: u16, this_year: u16) -> Option<FieldError> {
    (year < 1900 || year > this_year).then(|| {
        err(
            "birth_year",
            "range",
            "Nhập năm sinh gồm 4 chữ số, ví dụ 1985.",
            "Enter your year of birth as 4 digits, like 1985.",
        )
    })
}

/// Normalises a Vietnamese mobile number to `0xxxxxxxxx`, or says why it is not one.
pub fn normalise_phone(phone: &str) -> Result<String, FieldError> {
    let raw = digits_only(phone);
    if raw.is_empty() {
        return Err(err(
            "phone",
            "required",
            "Nhập số điện thoại di động để nhận tin nhắn về hồ sơ.",
            "Enter a mobile number to get messages about your application.",
        ));
    }
    let national =
        if let Some(rest) = raw.strip_prefix("+84").or_else(|| raw.strip_prefix("84").filter(|r| r.len() == 9)) {
            format!("0{rest}")
        } else {
            raw
        };
    let prefix_ok = national.len() == 10
        && national.starts_with('0')
        && national.bytes().all(|b| b.is_ascii_digit())
        && (MOBILE_PREFIXES.contains(&&national[1..3]) || MORE_MOBILE_PREFIXES.contains(&&national[1..3]));
    if prefix_ok {
        Ok(national)
    } else {
        Err(err(
            "phone",
            "format",
            "Số điện thoại di động gồm 10 chữ số, bắt đầu bằng 0, ví dụ 0912 345 678.",
            "A mobile number has 10 digits and starts with 0, like 0912 345 678.",
        ))
    }
}

pub fn check_email(email: &str) -> Option<FieldError> {
    let e = email.trim();
    let ok = e.len() <= 254
        && !e.contains(char::is_whitespace)
        && e.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        });
    (!ok).then(|| {
        err(
            "email",
            "format",
            "Nhập địa chỉ email đúng dạng, ví dụ ten@example.com, hoặc để trống.",
            "Enter an email address like name@example.com, or leave it empty.",
        )
    })
}

pub fn check_address(address: &str) -> Option<FieldError> {
    let a = address.trim();
    if hidden_character(a).is_some() {
        return Some(hidden_character_error("address"));
    }
    if a.is_empty() {
        Some(err("address", "required", "Nhập địa chỉ nơi bạn đang ở.", "Enter the address where you live."))
    } else if a.chars().count() > 300 {
        Some(err(
            "address",
            "too_long",
            "Địa chỉ không được dài quá 300 ký tự.",
            "The address must be 300 characters or fewer.",
        ))
    } else {
        None
    }
}

impl Applicant {
    /// Every problem, in the order the fields appear on the page.
    pub fn validate(&self, this_year: u16) -> Vec<FieldError> {
        let mut errors = Vec::new();
        errors.extend(check_full_name(&self.full_name));
        errors.extend(check_birth_year(self.birth_year, this_year));
        if errors.iter().all(|e| e.field != "birth_year") {
            errors.extend(check_citizen_id(&self.citizen_id, self.birth_year, self.gender));
        }
        errors.extend(normalise_phone(&self.phone).err());
        if let Some(email) = self.email.as_deref().filter(|e| !e.trim().is_empty()) {
            errors.extend(check_email(email));
        }
        errors.extend(check_address(&self.address));
        errors
    }
}

/// Just enough of a name for its owner to recognise it on a shared device, and too little for
/// anyone else to learn it: the family name, the first letter of the middle name, the first
/// letter of the given name ("Nguyễn Văn An" → "Nguyễn V… A."). Empty for an empty name.
pub fn masked_name(full_name: &str) -> String {
    let words: Vec<&str> = full_name.split_whitespace().collect();
    // The letter as typed: upper-casing would put Unicode's case tables (KiBs) into the app.
    let initial = |w: &str| w.chars().next().map(String::from).unwrap_or_default();
    match words.as_slice() {
        [] => String::new(),
        [only] => format!("{}.", initial(only)),
        [family, given] => format!("{family} {}.", initial(given)),
        [family, middle, .., given] => format!("{family} {}… {}.", initial(middle), initial(given)),
    }
}

/// The last four characters of an ID or phone number ("030190012345" → "…2345"); nothing for
/// shorter input, which would give too much away.
pub fn masked_number(number: &str) -> String {
    let digits: Vec<char> = digits_only(number).chars().collect();
    if digits.len() < 8 {
        return String::new();
    }
    format!("…{}", digits[digits.len() - 4..].iter().collect::<String>())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_keep_only_what_lets_the_owner_recognise_a_draft() {
        assert_eq!(masked_name("Nguyễn Văn An"), "Nguyễn V… A.");
        assert_eq!(masked_name("  Trần Thị Minh   Khai "), "Trần T… K.");
        assert_eq!(masked_name("Lê Hoa"), "Lê H.");
        assert_eq!(masked_name("Đức"), "Đ.");
        assert_eq!(masked_name(""), "");
        assert_eq!(masked_number("030190012345"), "…2345");
        assert_eq!(masked_number("0912 345 678"), "…5678");
        assert_eq!(masked_number("12345"), "", "a short number is not shown at all");
        assert!(!masked_name("Nguyễn Văn An").contains("Văn") && !masked_name("Nguyễn Văn An").contains("An"));
    }

    fn code(e: Option<FieldError>) -> Option<String> {
        e.map(|e| e.code)
    }

    #[test]
    fn citizen_ids() {
        // Hải Dương (030), male born 1995.
        assert_eq!(code(check_citizen_id("030095001234", 1995, Some(Gender::Male))), None);
        assert_eq!(code(check_citizen_id("030 095 001 234", 1995, None)), None);
        // Female born 2003: century digit 3.
        assert_eq!(code(check_citizen_id("031303004567", 2003, Some(Gender::Female))), None);
        assert_eq!(code(check_citizen_id("", 1995, None)).as_deref(), Some("required"));
        assert_eq!(code(check_citizen_id("03009500123", 1995, None)).as_deref(), Some("format"));
        assert_eq!(code(check_citizen_id("03009500123x", 1995, None)).as_deref(), Some("format"));
        assert_eq!(code(check_citizen_id("003095001234", 1995, None)).as_deref(), Some("province"));
        assert_eq!(code(check_citizen_id("097095001234", 1995, None)).as_deref(), Some("province"));
        assert_eq!(code(check_citizen_id("030095001234", 1996, None)).as_deref(), Some("birth_year"));
        assert_eq!(code(check_citizen_id("030295001234", 1995, None)).as_deref(), Some("birth_year"));
        assert_eq!(code(check_citizen_id("030095001234", 1995, Some(Gender::Female))).as_deref(), Some("gender"));
    }

    #[test]
    fn phones() {
        assert_eq!(normalise_phone("0912 345 678").unwrap(), "0912345678");
        assert_eq!(normalise_phone("+84 912 345 678").unwrap(), "0912345678");
        assert_eq!(normalise_phone("84912345678").unwrap(), "0912345678");
        assert_eq!(normalise_phone("0387.123.456").unwrap(), "0387123456");
        assert_eq!(normalise_phone("").unwrap_err().code, "required");
        assert_eq!(normalise_phone("0123456789").unwrap_err().code, "format"); // old 012x prefix
        assert_eq!(normalise_phone("02203720115").unwrap_err().code, "format"); // landline
        assert_eq!(normalise_phone("091234567").unwrap_err().code, "format");
    }

    #[test]
    fn emails_and_names() {
        assert_eq!(check_email("ten@example.com"), None);
        for bad in ["ten", "ten@", "@example.com", "ten@example", "t en@example.com", "a@b@c.vn"] {
            assert!(check_email(bad).is_some(), "{bad}");
        }
        assert_eq!(check_full_name("Nguyễn Thị Hoa"), None);
        assert_eq!(code(check_full_name("  ")).as_deref(), Some("required"));
        assert_eq!(code(check_full_name("Nguyễn 2")).as_deref(), Some("invalid"));
        // Text turned around or hidden by invisible characters is refused with its own message.
        for hidden in ["Nguyễn \u{202E}aoH", "Nguyễn\u{200B}Hoa", "Hoa\u{2066}", "\u{FEFF}Hoa"] {
            assert_eq!(code(check_full_name(hidden)).as_deref(), Some("hidden_character"), "{hidden:?}");
        }
        assert_eq!(code(check_address("Số 1 \u{202E}ốh gnờưđ")).as_deref(), Some("hidden_character"));
        assert_eq!(check_address("Số 12 ngõ Hòa Bình, xã Thanh Hà"), None);
    }

    #[test]
    fn an_applicant_lists_every_problem_in_page_order() {
        let a = Applicant {
            full_name: "".into(),
            citizen_id: "123".into(),
            birth_year: 1990,
            gender: None,
            phone: "12".into(),
            email: Some("x".into()),
            address: "".into(),
        };
        let fields: Vec<_> = a.validate(2026).into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["full_name", "citizen_id", "phone", "email", "address"]);
        let ok = Applicant {
            full_name: "Nguyễn Văn An".into(),
            citizen_id: "030090001234".into(),
            birth_year: 1990,
            gender: Some(Gender::Male),
            phone: "0912345678".into(),
            email: None,
            address: "Thanh Hà, Hải Phòng".into(),
        };
        assert!(ok.validate(2026).is_empty());
        assert_eq!(Applicant { birth_year: 2030, ..ok }.validate(2026)[0].field, "birth_year");
    }
}
