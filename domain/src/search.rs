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
    } else if query.len().abs_diff(doc.len()) <= 1 && query.chars().nth(4).is_some() && within_one_edit(query, doc) {
        1
    } else {
        0
    }
}

struct Doc {
    name: String,
    name_words: u32,
    /// Its everyday phrases, as positions in [`Index::phrases`].
    phrases: Vec<u32>,
}

/// A search index over a catalogue, built once per catalogue. Each distinct word is stored once
/// with the procedures that use it, so a query word is looked up in the sorted vocabulary (by
/// bisection for whole and half-typed words, among words of about its length for typos), and
/// only procedures holding a matching word are visited.
pub struct Index {
    vocab: Vec<String>,
    /// For each word of `vocab`: (procedure, weight) with weight 10 for a word of the Vietnamese
    /// name, 6 for the field, offices, English name and everyday words (found, ranked lower).
    postings: Vec<Vec<(u32, u8)>>,
    /// Positions in `vocab` of the words of each length in bytes (a typo changes it by one),
    /// with their first two bytes (most words are ruled out by those, without a look at them).
    by_len: Vec<Vec<(u32, [u8; 2])>>,
    /// Everyday phrases, each once (procedures share many), compared with a query once each.
    phrases: Vec<String>,
    /// (national code, procedure).
    codes: Vec<(String, u32)>,
    docs: Vec<Doc>,
    /// The folded words of each matter handled elsewhere ([`crate::catalogue::Elsewhere`]).
    elsewhere: Vec<Vec<String>>,
}

const IN_NAME: u8 = 10;
const ELSEWHERE: u8 = 6;

/// Hits whose name highlights are computed, and the only ones put in order; more are counted
/// but not shown.
pub const HIGHLIGHTED: usize = 50;

/// Little everyday words a query may hold without a hit having to ("tôi muốn làm giấy … cho
/// con"): folded, sorted for bisection.
const LITTLE_WORDS: &[&str] = &[
    "ai", "bao", "cac", "can", "cho", "co", "con", "cua", "dau", "de", "duoc", "gi", "giay", "la", "lam", "muon",
    "nao", "nay", "nhu", "nhung", "o", "the", "thu", "toi", "tuc", "va", "ve", "voi", "xin",
];

/// How a query word met a document, as bits: 1 one typo away, 2 the start of a word (the word
/// being typed), 4 the whole word.
type Met = u8;

/// Whether word `word` of a query met a document well enough to count as being in it: as a whole
/// word; else, unless the query names something `strict`ly (see [`Index::elsewhere`]), one typo
/// away, or as the start of a word when it is at least 3 letters long (2 for a one-word query:
/// "so do" does not find "sở … đối").
fn counts(met: Met, word: &str, one_word: bool, strict: bool) -> bool {
    met & 4 != 0 || (!strict && (met & 1 != 0 || (met & 2 != 0 && (one_word || word.len() >= 3))))
}

/// Which query words a hit must have, from how many documents (of `n`) have each: not the
/// little words, not the words a third of the catalogue has ("đăng ký", "cấp"); if that leaves
/// none, every word that is not a little one. And how many of them a hit may lack: one in a
/// query of four or more words that are not little ones (a typo too far gone, a word the
/// catalogue does not use).
fn required(q: &[&str], df: &[usize], n: usize) -> (Vec<usize>, usize) {
    let little = |k: usize| LITTLE_WORDS.binary_search(&q[k]).is_ok();
    let meaningful: Vec<usize> = (0..q.len()).filter(|&k| !little(k)).collect();
    let mut need: Vec<usize> = meaningful.iter().copied().filter(|&k| df[k] * 3 <= n).collect();
    if need.is_empty() {
        need = meaningful.clone();
    }
    let spare = (meaningful.len().saturating_sub(1) / 3).min(need.len().saturating_sub(1));
    (need, spare)
}

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
        let sorted_unique = |mut v: Vec<String>| {
            v.sort_unstable();
            v.dedup();
            v
        };
        let vocab = sorted_unique(
            texts
                .iter()
                .flat_map(|(name, other, _)| words(name).into_iter().chain(words(other)))
                .map(str::to_string)
                .collect(),
        );
        let phrases = sorted_unique(texts.iter().flat_map(|(_, _, p)| p.iter().cloned()).collect());
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
            .enumerate()
            .map(|(i, (name, other, own))| {
                post(i, &name, IN_NAME);
                post(i, &other, ELSEWHERE);
                let phrases = own.iter().filter_map(|p| phrases.binary_search(p).ok()).map(|k| k as u32).collect();
                Doc { name_words: words(&name).len() as u32, name, phrases }
            })
            .collect();
        let mut by_len: Vec<Vec<(u32, [u8; 2])>> = Vec::new();
        for (k, w) in vocab.iter().enumerate() {
            if by_len.len() <= w.len() {
                by_len.resize(w.len() + 1, Vec::new());
            }
            let b = w.as_bytes();
            by_len[w.len()].push((k as u32, [b[0], b.get(1).copied().unwrap_or(0)]));
        }
        let codes = list
            .procedures
            .iter()
            .enumerate()
            .filter_map(|(i, p)| p.national_code.clone().map(|c| (c, i as u32)))
            .collect();
        let elsewhere =
            list.elsewhere.iter().map(|e| e.keywords.iter().map(|k| words(&fold(k)).join(" ")).collect()).collect();
        Index { vocab, postings, by_len, phrases, codes, docs, elsewhere }
    }

    /// The matter handled elsewhere that `query` names, as its position in the catalogue's
    /// `elsewhere`: one of its words said whole in the query ("đăng ký thường trú" names
    /// "thường trú"), or being typed ("ho kha…" for "hộ khẩu", from 5 letters).
    pub fn elsewhere(&self, query: &str) -> Option<usize> {
        let folded = fold(query);
        let phrase = words(&folded).join(" ");
        if phrase.is_empty() {
            return None;
        }
        let padded = format!(" {phrase} ");
        self.elsewhere.iter().position(|keywords| {
            keywords.iter().any(|k| {
                !k.is_empty() && (padded.contains(&format!(" {k} ")) || (phrase.len() >= 5 && k.starts_with(&phrase)))
            })
        })
    }

    /// The words of the vocabulary that `word` meets, with how (see [`word_match`]): whole
    /// words and, for the word being typed, those it begins, by bisection; words one typo away
    /// among those of a neighbouring length.
    fn matches(&self, word: &str, is_last: bool) -> Vec<(usize, u8)> {
        let start = self.vocab.partition_point(|v| v.as_str() < word);
        let mut begun = self.vocab[start..].iter().take_while(|v| v.starts_with(word)).count();
        if !(is_last && word.len() >= 2) {
            begun = usize::from(self.vocab.get(start).is_some_and(|v| v == word));
        }
        let level = |k: usize| (k, word_match(word, &self.vocab[k], is_last) as u8);
        let mut found: Vec<(usize, u8)> = (start..start + begun).map(level).collect();
        if word.chars().nth(4).is_some() {
            // One edit leaves one of the first two letters where it was, or moves it by one.
            let w = word.as_bytes();
            let near = |v: &[u8; 2]| v.iter().any(|b| w[..2].contains(b));
            // Lengths len - 1 to len + 1, as far as the vocabulary goes.
            let typos = self
                .by_len
                .iter()
                .take(word.len() + 2)
                .skip(word.len() - 1)
                .flatten()
                .filter(|(k, first)| near(first) && !(start..start + begun).contains(&(*k as usize)))
                .map(|&(k, _)| level(k as usize));
            found.extend(typos);
        }
        found.retain(|(_, l)| *l > 0);
        found
    }

    /// Procedures matching `query`, best first: the exact phrase, then every word, then some
    /// words; ties go to procedures of `preferred` (e.g. received by the chosen office).
    pub fn search(&self, query: &str, preferred: impl Fn(usize) -> bool) -> Vec<Hit> {
        self.search_among(query, preferred, |_| true)
    }

    /// [`Index::search`] among the procedures `admitted` (the citizen's filters): every hit,
    /// the first [`HIGHLIGHTED`] in order with their highlights, the rest after them unordered
    /// (counted, not shown).
    pub fn search_among(
        &self,
        query: &str,
        preferred: impl Fn(usize) -> bool,
        admitted: impl Fn(usize) -> bool,
    ) -> Vec<Hit> {
        let folded = fold(query);
        let q: Vec<&str> = words(&folded);
        if q.is_empty() {
            return Vec::new();
        }
        let phrase = q.join(" ");
        // For each query word and procedure, its best match; the procedures touched, in the
        // order first met.
        let n = self.docs.len();
        let mut best = vec![0u8; q.len() * n];
        let mut met = vec![0 as Met; q.len() * n];
        let mut touched: Vec<u32> = Vec::new();
        let mut seen = vec![false; n];
        for (k, w) in q.iter().enumerate() {
            for (v, level) in self.matches(w, k + 1 == q.len()) {
                for &(doc, weight) in &self.postings[v] {
                    let slot = &mut best[k * n + doc as usize];
                    *slot = (*slot).max(level * weight);
                    met[k * n + doc as usize] |= 1 << (level - 1);
                    if !seen[doc as usize] {
                        seen[doc as usize] = true;
                        touched.push(doc);
                    }
                }
            }
        }
        // A national code typed whole comes first, whatever its words (codes have digits:
        // words alone are not looked for among them).
        let coded: Vec<u32> = if phrase.bytes().any(|b| b.is_ascii_digit()) {
            self.codes.iter().filter(|(c, _)| *c == phrase).map(|&(_, doc)| doc).collect()
        } else {
            Vec::new()
        };
        let phrase_hit: Vec<bool> =
            self.phrases.iter().map(|p| p.contains(&phrase) || (phrase.contains(p.as_str()) && p.len() > 3)).collect();
        // The words a hit must have (see [`required`]).
        let strict = self.elsewhere(query).is_some();
        let one_word = q.len() == 1;
        let has = |k: usize, doc: usize| counts(met[k * n + doc], q[k], one_word, strict);
        let df: Vec<usize> = (0..q.len()).map(|k| touched.iter().filter(|&&d| has(k, d as usize)).count()).collect();
        let (need, spare) = required(&q, &df, n);
        // Naming what is done elsewhere, the words are meant as typed: none may be missing.
        let spare = if strict { 0 } else { spare };
        let enough = |doc: usize| need.iter().filter(|&&k| has(k, doc)).count() + spare >= need.len();
        let hits: Vec<Hit> = coded
            .iter()
            .map(|&i| (i as usize, (10_000 + if preferred(i as usize) { 5 } else { 0 }) * 64))
            .chain(touched.iter().filter(|i| !coded.contains(i)).filter_map(|&i| {
                let (i, d) = (i as usize, &self.docs[i as usize]);
                let phrased = d.phrases.iter().any(|&p| phrase_hit[p as usize]);
                if !phrased && !enough(i) {
                    return None;
                }
                let (mut score, mut all) = (0, true);
                for k in 0..q.len() {
                    let b = best[k * n + i] as u32;
                    all &= b > 0;
                    score += b;
                }
                if all {
                    score += 500;
                }
                // An everyday phrase that is the query itself names the procedure best of all;
                // then the typed phrase inside the name: only possible when every word matched,
                // which spares most procedures a substring search when one word is common.
                if d.phrases.iter().any(|&p| self.phrases[p as usize] == phrase) {
                    score += 1200;
                } else if all && d.name.contains(&phrase) {
                    score += 1000 + if d.name.starts_with(&phrase) { 100 } else { 0 };
                } else if phrased {
                    score += 900;
                }
                if preferred(i) {
                    score += 5;
                }
                // Shorter names first among equals: "Đăng ký khai sinh" before its variants.
                Some((i, score * 64 + 63u32.saturating_sub(d.name_words)))
            }))
            .filter(|&(i, _)| admitted(i))
            .map(|(index, score)| Hit { index, score, highlights: Vec::new() })
            .collect();
        // Only the shown ones in order: the best HIGHLIGHTED keys found in one pass (a short
        // sorted list, most hits turned away by its last), those hits sorted, the rest after.
        let key = |h: &Hit| (u64::from(h.score) << 32) | u64::from(u32::MAX - h.index as u32);
        let mut top: Vec<u64> = Vec::with_capacity(HIGHLIGHTED + 1);
        for h in &hits {
            let k = key(h);
            if top.len() < HIGHLIGHTED || k > top[HIGHLIGHTED - 1] {
                top.insert(top.partition_point(|t| *t > k), k);
                top.truncate(HIGHLIGHTED);
            }
        }
        let lowest = top.last().copied().unwrap_or(0);
        let (mut shown, rest): (Vec<Hit>, Vec<Hit>) = hits.into_iter().partition(|h| key(h) >= lowest);
        shown.sort_unstable_by_key(|h| std::cmp::Reverse(key(h)));
        for hit in &mut shown {
            hit.highlights = highlights(&self.docs[hit.index].name, &q);
        }
        shown.extend(rest);
        shown
    }
}

/// Character ranges of the name's words that the query matched (folded and original names have
/// the same characters, one for one, for NFC names).
fn highlights(folded_name: &str, q: &[&str]) -> Vec<(usize, usize)> {
    let last = q.len() - 1;
    let mut out = Vec::new();
    // (byte, character) where the current word began.
    let mut start: Option<(usize, usize)> = None;
    let end = folded_name.len();
    for (i, (byte, c)) in folded_name.char_indices().chain(std::iter::once((end, ' '))).enumerate() {
        match (is_word_char(c), start) {
            (true, None) => start = Some((byte, i)),
            (false, Some((b, s))) => {
                let word = &folded_name[b..byte];
                if q.iter().enumerate().any(|(k, w)| word_match(w, word, k == last) > 0) {
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

    /// The search as a plain scan of every word and every procedure, fully sorted: what the
    /// index must find, with the same scores, order and highlights.
    fn scan(index: &Index, query: &str, preferred: impl Fn(usize) -> bool) -> Vec<Hit> {
        let folded = fold(query);
        let q: Vec<&str> = words(&folded);
        if q.is_empty() {
            return Vec::new();
        }
        let phrase = q.join(" ");
        let code_of = |i: usize| index.codes.iter().find(|(_, d)| *d as usize == i).map(|(c, _)| c.as_str());
        // How each word met each procedure, every word of the vocabulary looked at.
        let n = index.docs.len();
        let met_of = |k: usize, i: usize| -> Met {
            let mut met = 0;
            for (v, posts) in index.vocab.iter().zip(&index.postings) {
                let level = word_match(q[k], v, k + 1 == q.len());
                if level > 0 && posts.iter().any(|(doc, _)| *doc as usize == i) {
                    met |= 1 << (level - 1);
                }
            }
            met
        };
        let strict = index.elsewhere(query).is_some();
        let has: Vec<Vec<bool>> =
            (0..q.len()).map(|k| (0..n).map(|i| counts(met_of(k, i), q[k], q.len() == 1, strict)).collect()).collect();
        let df: Vec<usize> = has.iter().map(|row| row.iter().filter(|h| **h).count()).collect();
        let (need, spare) = required(&q, &df, n);
        let spare = if strict { 0 } else { spare };
        let mut hits: Vec<Hit> = (0..index.docs.len())
            .filter_map(|i| {
                let d = &index.docs[i];
                if code_of(i) == Some(phrase.as_str()) {
                    return Some(Hit {
                        index: i,
                        score: (10_000 + if preferred(i) { 5 } else { 0 }) * 64,
                        highlights: Vec::new(),
                    });
                }
                let best: Vec<u32> = q
                    .iter()
                    .enumerate()
                    .map(|(k, w)| {
                        index
                            .vocab
                            .iter()
                            .zip(&index.postings)
                            .flat_map(|(v, posts)| {
                                let level = word_match(w, v, k + 1 == q.len());
                                posts
                                    .iter()
                                    .filter(|(doc, _)| *doc as usize == i)
                                    .map(move |(_, weight)| level * *weight as u32)
                            })
                            .max()
                            .unwrap_or(0)
                    })
                    .collect();
                if best.iter().all(|b| *b == 0) {
                    return None;
                }
                let all = best.iter().all(|b| *b > 0);
                let mut score: u32 = best.iter().sum::<u32>() + if all { 500 } else { 0 };
                let mut phrases = d.phrases.iter().map(|&p| index.phrases[p as usize].as_str());
                let phrased = phrases.clone().any(|p| p.contains(&phrase) || (phrase.contains(p) && p.len() > 3));
                if !phrased && need.iter().filter(|&&k| has[k][i]).count() + spare < need.len() {
                    return None;
                }
                if phrases.any(|p| p == phrase) {
                    score += 1200;
                } else if all && d.name.contains(&phrase) {
                    score += 1000 + if d.name.starts_with(&phrase) { 100 } else { 0 };
                } else if phrased {
                    score += 900;
                }
                score += if preferred(i) { 5 } else { 0 };
                Some(Hit { index: i, score: score * 64 + 63u32.saturating_sub(d.name_words), highlights: Vec::new() })
            })
            .collect();
        hits.sort_by(|a, b| b.score.cmp(&a.score).then(a.index.cmp(&b.index)));
        for hit in hits.iter_mut().take(HIGHLIGHTED) {
            // Character by character, as a citizen would count them.
            let chars: Vec<char> = index.docs[hit.index].name.chars().collect();
            let mut at = 0;
            while at < chars.len() {
                if !is_word_char(chars[at]) {
                    at += 1;
                    continue;
                }
                let end = (at..chars.len()).find(|&e| !is_word_char(chars[e])).unwrap_or(chars.len());
                let word: String = chars[at..end].iter().collect();
                if q.iter().enumerate().any(|(k, w)| word_match(w, &word, k + 1 == q.len()) > 0) {
                    hit.highlights.push((at, end));
                }
                at = end;
            }
        }
        hits
    }

    /// A catalogue of `copies` variants of each seeded procedure (as the benchmark builds),
    /// with everyday words on some.
    fn catalogue(copies: usize) -> ProcedureList {
        let v: serde_json::Value = serde_json::from_str(include_str!("../../server/data/catalogue.json")).unwrap();
        let real = v["procedures"].as_array().unwrap();
        let suffixes = ["", " tại xã", " trực tuyến", " (trường hợp đặc biệt)", " cho người cao tuổi"];
        let keywords = [vec!["lấy vợ", "cưới"], vec![], vec!["giấy chứng tử", "báo tử"], vec!["sổ đỏ"]];
        let procedures: Vec<serde_json::Value> = (0..real.len() * copies)
            .map(|i| {
                let p = &real[i % real.len()];
                let name =
                    format!("{}{} {}", p["name"]["vi"].as_str().unwrap(), suffixes[i / real.len() % suffixes.len()], i);
                serde_json::json!({
                    "id": format!("{}-{i}", p["id"].as_str().unwrap()), "national_code": p["national_code"],
                    "name": {"vi": name, "en": p["name"]["en"]}, "field_id": p["field_id"], "level": p["level"],
                    "processing": {"kind": "unknown"}, "fee_vnd": p["fee_vnd"], "channels": p["channels"],
                    "friday_programme": false, "keywords": keywords[i % keywords.len()],
                })
            })
            .collect();
        serde_json::from_value(serde_json::json!({"fields": v["fields"], "procedures": procedures})).unwrap()
    }

    #[test]
    fn the_index_finds_what_a_plain_scan_finds() {
        let list = catalogue(12);
        let index = Index::new(&list, &[]);
        let queries = [
            "khai sinh",
            "Đăng ký khai sinh",
            "dang ky",
            "d",
            "da",
            "kha",
            "ket hon",
            "lấy vợ",
            "cuoi",
            "giay chung tu",
            "chuyenn truong",
            "dang ky kinh doan",
            "chứng thực bản sao",
            "1.001193",
            "1.001193 khai",
            "trich luc khai sinh",
            "sổ đỏ",
            "xyzxyz",
            "khai sinh 17",
            "hon nhan",
            "nhna",
        ];
        let mut compared = 0;
        for q in queries {
            let preferred = |i: usize| i % 7 == 0;
            let want = scan(&index, q, preferred);
            let mut got = index.search(q, preferred);
            let shown = got.len().min(HIGHLIGHTED);
            assert_eq!(got[..shown], want[..shown], "the first hits of {q:?}");
            got.sort_by(|a, b| b.score.cmp(&a.score).then(a.index.cmp(&b.index)));
            let scores = |h: &[Hit]| h.iter().map(|h| (h.index, h.score)).collect::<Vec<_>>();
            assert_eq!(scores(&got), scores(&want), "every hit of {q:?}");
            compared += want.len();
        }
        assert!(compared > 1000, "the queries meet many procedures ({compared})");
        // A typo that makes the catalogue's longest word longer still.
        let longest = index.vocab.iter().max_by_key(|w| w.len()).unwrap().clone();
        let typed = format!("{longest}x");
        let want = scan(&index, &typed, |_| false);
        assert!(!want.is_empty(), "{typed:?} is one letter from {longest:?}");
        assert_eq!(index.search(&typed, |_| false)[..want.len().min(HIGHLIGHTED)], want[..want.len().min(HIGHLIGHTED)]);
        // Filters leave the others out before the ranking: the first shown are the best admitted.
        let admitted = |i: usize| i % 3 == 1;
        let want: Vec<Hit> = scan(&index, "dang ky", |_| false).into_iter().filter(|h| admitted(h.index)).collect();
        let got = index.search_among("dang ky", |_| false, admitted);
        assert_eq!(got.len(), want.len());
        assert!(got.len() > HIGHLIGHTED, "more admitted hits than are shown ({})", got.len());
        assert_eq!(
            got[..HIGHLIGHTED].iter().map(|h| h.index).collect::<Vec<_>>(),
            want[..HIGHLIGHTED].iter().map(|h| h.index).collect::<Vec<_>>()
        );
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
