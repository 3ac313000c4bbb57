//! Finding a procedure from the words a citizen types: with or without Vietnamese diacritics,
//! NFC or NFD, prefixes while typing, one typo in longer words, everyday synonyms, national
//! codes. Pure and allocation-light so it runs on every keystroke in the browser.

use crate::catalogue::ProcedureList;

/// Lower-cases and strips Vietnamese diacritics: `Đăng ký` → `dang ky`. Precomposed (NFC)
/// letters go through a table; combining marks of decomposed (NFD) input are dropped; đ → d.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        if ('\u{300}'..='\u{36f}').contains(&c) {
            continue;
        }
        out.push(base_letter(c));
    }
    out
}

fn base_letter(c: char) -> char {
    const GROUPS: [(&str, char); 7] = [
        ("àáảãạăằắẳẵặâầấẩẫậ", 'a'),
        ("èéẻẽẹêềếểễệ", 'e'),
        ("ìíỉĩị", 'i'),
        ("òóỏõọôồốổỗộơờớởỡợ", 'o'),
        ("ùúủũụưừứửữự", 'u'),
        ("ỳýỷỹỵ", 'y'),
        ("đ", 'd'),
    ];
    if c.is_ascii() {
        return c;
    }
    GROUPS.iter().find(|(set, _)| set.contains(c)).map(|(_, b)| *b).unwrap_or(c)
}

/// Words of a folded text: letters and digits; a national code like `1.001193` stays one word.
pub fn words(folded: &str) -> Vec<&str> {
    folded
        .split(|c: char| !(c.is_alphanumeric() || c == '.'))
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

/// Everyday words for procedures, in the index by procedure id.
pub struct Synonyms<'a>(pub &'a [(&'a str, &'a [&'a str])]);

struct Doc {
    name: String,
    /// Indexes into the vocabulary.
    name_words: Vec<u32>,
    /// Field names, English name, synonyms: found, but ranked below the Vietnamese name.
    other_words: Vec<u32>,
    phrases: Vec<String>,
    code: Option<String>,
}

/// A search index over a catalogue, built once per catalogue. Each distinct word is stored once,
/// so a query word is compared with every word of the catalogue once, not once per procedure.
pub struct Index {
    vocab: Vec<String>,
    docs: Vec<Doc>,
}

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
    pub fn new(list: &ProcedureList, synonyms: &Synonyms<'_>) -> Index {
        let mut vocab: Vec<String> = Vec::new();
        let mut ids: std::collections::HashMap<String, u32> = std::collections::HashMap::new();
        let mut intern = |w: &str| -> u32 {
            if let Some(id) = ids.get(w) {
                return *id;
            }
            vocab.push(w.to_string());
            ids.insert(w.to_string(), vocab.len() as u32 - 1);
            vocab.len() as u32 - 1
        };
        let docs = list
            .procedures
            .iter()
            .map(|p| {
                let name = fold(&p.name.vi);
                let field = list.fields.iter().find(|f| f.id == p.field_id);
                let mut other = String::new();
                for t in
                    [field.map(|f| f.name.vi.as_str()), field.map(|f| f.name.en.as_str()), Some(p.name.en.as_str())]
                        .into_iter()
                        .flatten()
                {
                    other.push(' ');
                    other.push_str(&fold(t));
                }
                let phrases: Vec<String> = synonyms
                    .0
                    .iter()
                    .filter(|(id, _)| *id == p.id)
                    .flat_map(|(_, words)| words.iter().map(|w| fold(w)))
                    .collect();
                for ph in &phrases {
                    other.push(' ');
                    other.push_str(ph);
                }
                Doc {
                    name_words: words(&name).into_iter().map(&mut intern).collect(),
                    name,
                    other_words: words(&other).into_iter().map(&mut intern).collect(),
                    phrases,
                    code: p.national_code.clone(),
                }
            })
            .collect();
        Index { vocab, docs }
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
        // How each query word meets each distinct word of the catalogue, computed once.
        let levels: Vec<Vec<u8>> = q
            .iter()
            .enumerate()
            .map(|(k, w)| self.vocab.iter().map(|v| word_match(w, v, k + 1 == q.len()) as u8).collect())
            .collect();
        let mut hits: Vec<Hit> = self
            .docs
            .iter()
            .enumerate()
            .filter_map(|(i, d)| {
                if d.code.as_deref() == Some(phrase.as_str()) {
                    let score = (10_000 + if preferred(i) { 5 } else { 0 }) * 64;
                    return Some(Hit { index: i, score, highlights: Vec::new() });
                }
                // Words first: a procedure none of whose words matches is out, before any
                // substring search (which every phrase or synonym match implies anyway).
                let (mut score, mut all, mut some) = (0, true, 0);
                for level in &levels {
                    let in_name = d.name_words.iter().map(|w| level[*w as usize]).max().unwrap_or(0) as u32;
                    let elsewhere = d.other_words.iter().map(|w| level[*w as usize]).max().unwrap_or(0) as u32;
                    let best = (in_name * 10).max(elsewhere * 6);
                    if best == 0 {
                        all = false;
                    } else {
                        some += 1;
                        score += best;
                    }
                }
                if some == 0 {
                    return None;
                }
                if all {
                    score += 500;
                }
                if d.name.contains(&phrase) {
                    score += 1000 + if d.name.starts_with(&phrase) { 100 } else { 0 };
                } else if d.phrases.iter().any(|p| p.contains(&phrase) || (phrase.contains(p.as_str()) && p.len() > 3))
                {
                    score += 900;
                }
                if preferred(i) {
                    score += 5;
                }
                // Shorter names first among equals: "Đăng ký khai sinh" before its variants.
                score = score * 64 + 63u32.saturating_sub(d.name_words.len() as u32);
                Some(Hit { index: i, score, highlights: Vec::new() })
            })
            .collect();
        hits.sort_by(|a, b| b.score.cmp(&a.score).then(a.index.cmp(&b.index)));
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
        match (c.is_alphanumeric(), start) {
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
    }

    #[test]
    fn words_keep_codes_whole() {
        assert_eq!(words("ma 1.001193, khai-sinh"), ["ma", "1.001193", "khai", "sinh"]);
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
