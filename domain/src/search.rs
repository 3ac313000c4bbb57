//! Finding a procedure from the words a citizen types: with or without Vietnamese diacritics,
//! NFC or NFD, prefixes while typing, one typo in longer words, everyday synonyms, national
//! codes. Pure and allocation-light so it runs on every keystroke in the browser.

use crate::catalogue::ProcedureList;
use crate::office::OfficeSummary;

/// Lower-cases and strips Vietnamese diacritics: `Đăng ký` → `dang ky`. Precomposed (NFC)
/// letters go through a table; combining marks of decomposed (NFD) input are dropped; đ → d.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if ('\u{300}'..='\u{36f}').contains(&c) {
            continue;
        }
        out.push(base_letter(c.to_ascii_lowercase()));
    }
    out
}

/// Letters and digits of folded text. Any other letter (a foreign name) counts as a letter; the
/// Unicode tables of `char::is_alphanumeric` would cost the wasm several KiB for nothing here.
pub fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || (c as u32 > 0xbf && !matches!(c, '\u{d7}' | '\u{f7}' | '\u{2000}'..='\u{2bff}' | '\u{3000}'..='\u{303f}'))
}

/// The base letter of a Vietnamese letter of either case (`Ấ` → `a`); others unchanged. A table
/// rather than `char::to_lowercase`, whose Unicode tables would cost the wasm several KiB.
fn base_letter(c: char) -> char {
    const GROUPS: [(&str, char); 7] = [
        ("àáảãạăằắẳẵặâầấẩẫậÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ", 'a'),
        ("èéẻẽẹêềếểễệÈÉẺẼẸÊỀẾỂỄỆ", 'e'),
        ("ìíỉĩịÌÍỈĨỊ", 'i'),
        ("òóỏõọôồốổỗộơờớởỡợÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ", 'o'),
        ("ùúủũụưừứửữựÙÚỦŨỤƯỪỨỬỮỰ", 'u'),
        ("ỳýỷỹỵỲÝỶỸỴ", 'y'),
        ("đĐ", 'd'),
    ];
    if c.is_ascii() {
        return c;
    }
    GROUPS.iter().find(|(set, _)| set.contains(c)).map(|(_, b)| *b).unwrap_or(c)
}

/// Words of a folded text: letters and digits; a national code like `1.001193` stays one word.
pub fn words(folded: &str) -> Vec<&str> {
    folded
        .split(|c: char| !(is_word_char(c) || c == '.'))
        .map(|w| w.trim_matches('.'))
        .filter(|w| !w.is_empty())
        .collect()
}

/// At most one insertion, deletion, substitution or swap of neighbours between `a` and `b`
/// (on bytes: folded words are ASCII but for foreign letters, where a byte edit is close enough).
pub fn within_one_edit(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a == b {
        return true;
    }
    let (la, lb) = (a.len(), b.len());
    if la.abs_diff(lb) > 1 {
        return false;
    }
    let p = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    if la == lb {
        let swapped = p + 1 < la && a[p] == b[p + 1] && a[p + 1] == b[p] && a[p + 2..] == b[p + 2..];
        return swapped || a[p + 1..] == b[p + 1..];
    }
    let (long, short) = if la > lb { (a, b) } else { (b, a) };
    long[p + 1..] == short[p..]
}

/// How one query word meets one document word.
fn word_match(query: &str, doc: &str, is_last: bool) -> u32 {
    if query == doc {
        3
    } else if is_last && query.len() >= 2 && doc.starts_with(query) {
        2 // still typing
    } else if query.len() >= 5 && query.chars().nth(4).is_some() && within_one_edit(query, doc) {
        1
    } else {
        0
    }
}

struct Doc {
    name: String,
    name_words: u32,
    phrases: Vec<String>,
    code: Option<String>,
}

/// A search index over a catalogue, built once per catalogue. Each distinct word is stored once
/// with the procedures that use it, so a query word is compared with every word of the catalogue
/// once, and only procedures holding a matching word are visited.
pub struct Index {
    vocab: Vec<String>,
    /// For each word of `vocab`: (procedure, weight) with weight 10 for a word of the Vietnamese
    /// name, 6 for the field, offices, English name and everyday words (found, ranked lower).
    postings: Vec<Vec<(u32, u8)>>,
    docs: Vec<Doc>,
}

const IN_NAME: u8 = 10;
const ELSEWHERE: u8 = 6;

/// Hits whose name highlights are computed; more are ranked but rarely shown.
pub const HIGHLIGHTED: usize = 50;

/// One result: the position in the catalogue's `procedures`, its score, and the character
/// ranges of its name to highlight.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    pub index: usize,
    pub score: u32,
    pub highlights: Vec<(usize, usize)>,
}

impl Index {
    pub fn new(list: &ProcedureList, offices: &[OfficeSummary]) -> Index {
        // Folded texts first; then the vocabulary, sorted so words are found by bisection (a
        // hash map would add its code to the wasm for no gain at this size).
        let texts: Vec<(String, String, Vec<String>)> = list
            .procedures
            .iter()
            .map(|p| {
                let field = list.fields.iter().find(|f| f.id == p.field_id);
                let receiving = offices.iter().filter(|o| o.receives(&p.id)).map(|o| o.name.vi.as_str());
                let mut other = String::new();
                for t in
                    [field.map(|f| f.name.vi.as_str()), field.map(|f| f.name.en.as_str()), Some(p.name.en.as_str())]
                        .into_iter()
                        .flatten()
                        .chain(receiving)
                {
                    other.push(' ');
                    other.push_str(&fold(t));
                }
                let phrases: Vec<String> = p.keywords.iter().map(|w| fold(w)).collect();
                for ph in &phrases {
                    other.push(' ');
                    other.push_str(ph);
                }
                (fold(&p.name.vi), other, phrases)
            })
            .collect();
        let mut vocab: Vec<String> = texts
            .iter()
            .flat_map(|(name, other, _)| words(name).into_iter().chain(words(other)))
            .map(str::to_string)
            .collect();
        vocab.sort_unstable();
        vocab.dedup();
        let mut postings: Vec<Vec<(u32, u8)>> = vec![Vec::new(); vocab.len()];
        let mut post = |doc: usize, text: &str, weight: u8| {
            for w in words(text) {
                let list = &mut postings[vocab.binary_search_by(|v| v.as_str().cmp(w)).unwrap_or(0)];
                match list.last_mut() {
                    Some((d, best)) if *d == doc as u32 => *best = (*best).max(weight),
                    _ => list.push((doc as u32, weight)),
                }
            }
        };
        let docs = texts
            .into_iter()
            .zip(&list.procedures)
            .enumerate()
            .map(|(i, ((name, other, phrases), p))| {
                post(i, &name, IN_NAME);
                post(i, &other, ELSEWHERE);
                Doc { name_words: words(&name).len() as u32, name, phrases, code: p.national_code.clone() }
            })
            .collect();
        Index { vocab, postings, docs }
    }

    /// Procedures matching `query`, best first: the exact phrase, then every word, then some
    /// words; ties go to procedures of `preferred` (e.g. received by the chosen office).
    pub fn search(&self, query: &str, preferred: impl Fn(usize) -> bool) -> Vec<Hit> {
        let folded = fold(query);
        let q: Vec<&str> = words(&folded);
        if q.is_empty() {
            return Vec::new();
        }
        let phrase = q.join(" ");
        // For each query word and procedure, its best match: each distinct word of the catalogue
        // is compared once, and only the procedures using a matching word are touched.
        let n = self.docs.len();
        let mut best = vec![0u8; q.len() * n];
        for (k, w) in q.iter().enumerate() {
            for (v, postings) in self.vocab.iter().zip(&self.postings) {
                let level = word_match(w, v, k + 1 == q.len()) as u8;
                if level > 0 {
                    for &(doc, weight) in postings {
                        let slot = &mut best[k * n + doc as usize];
                        *slot = (*slot).max(level * weight);
                    }
                }
            }
        }
        let mut hits: Vec<Hit> = self
            .docs
            .iter()
            .enumerate()
            .filter_map(|(i, d)| {
                if d.code.as_deref() == Some(phrase.as_str()) {
                    let score = (10_000 + if preferred(i) { 5 } else { 0 }) * 64;
                    return Some(Hit { index: i, score, highlights: Vec::new() });
                }
                let (mut score, mut all, mut some) = (0, true, 0);
                for k in 0..q.len() {
                    let b = best[k * n + i] as u32;
                    if b == 0 {
                        all = false;
                    } else {
                        some += 1;
                        score += b;
                    }
                }
                if some == 0 {
                    return None;
                }
                if all {
                    score += 500;
                }
                // The typed phrase inside the name: only possible when every word matched, which
                // spares most procedures a substring search when one word is common ("đăng ký").
                if all && d.name.contains(&phrase) {
                    score += 1000 + if d.name.starts_with(&phrase) { 100 } else { 0 };
                } else if d.phrases.iter().any(|p| p.contains(&phrase) || (phrase.contains(p.as_str()) && p.len() > 3))
                {
                    score += 900;
                }
                if preferred(i) {
                    score += 5;
                }
                // Shorter names first among equals: "Đăng ký khai sinh" before its variants.
                score = score * 64 + 63u32.saturating_sub(d.name_words);
                Some(Hit { index: i, score, highlights: Vec::new() })
            })
            .collect();
        hits.sort_unstable_by(|a, b| b.score.cmp(&a.score).then(a.index.cmp(&b.index)));
        for hit in hits.iter_mut().take(HIGHLIGHTED) {
            hit.highlights = highlights(&self.docs[hit.index].name, &q);
        }
        hits
    }
}

/// Character ranges of the name's words that the query matched (folded and original names have
/// the same characters, one for one, for NFC names).
fn highlights(folded_name: &str, q: &[&str]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    let chars: Vec<char> = folded_name.chars().collect();
    for (i, c) in chars.iter().chain(std::iter::once(&' ')).enumerate() {
        match (is_word_char(*c), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                let word: String = chars[s..i].iter().collect();
                let last = q.len() - 1;
                if q.iter().enumerate().any(|(k, w)| word_match(w, &word, k == last) > 0) {
                    out.push((s, i));
                }
                start = None;
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_handles_tones_marks_and_d() {
        assert_eq!(fold("Đăng ký khai sinh"), "dang ky khai sinh");
        assert_eq!(fold("XÁC NHẬN TÌNH TRẠNG HÔN NHÂN"), "xac nhan tinh trang hon nhan");
        // The same words typed decomposed (NFD), as some keyboards and copy-pastes produce.
        assert_eq!(fold("Đa\u{306}ng ky\u{301}"), "dang ky");
        assert_eq!(fold("Chứng thực bản sao"), "chung thuc ban sao");
        assert_eq!(fold("Giỗ Tổ Hùng Vương"), "gio to hung vuong");
        assert_eq!(fold("ĐĂNG KÝ KẾT HÔN Ở ƯU"), "dang ky ket hon o uu");
        // Every Vietnamese capital folds like its small letter.
        let small = "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ";
        assert_eq!(fold(&small.to_uppercase()), fold(small));
    }

    #[test]
    fn words_keep_codes_whole() {
        assert_eq!(words("ma 1.001193, khai-sinh"), ["ma", "1.001193", "khai", "sinh"]);
        assert_eq!(words("“giay” – to khai (ban sao)…"), ["giay", "to", "khai", "ban", "sao"]);
        assert_eq!(words("müller straße"), ["müller", "straße"]);
    }

    #[test]
    fn one_edit_at_most() {
        assert!(within_one_edit("chung", "chung"));
        assert!(within_one_edit("chng", "chung"));
        assert!(within_one_edit("chuung", "chung"));
        assert!(within_one_edit("chumg", "chung"));
        assert!(within_one_edit("hcung", "chung"), "neighbours swapped");
        assert!(within_one_edit("chnug", "chung"), "swap in the middle");
        assert!(!within_one_edit("chug", "chunga"));
        assert!(!within_one_edit("thuc", "chung"));
    }
}
