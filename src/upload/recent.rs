//! Codes submitted or looked up on this device (never the second factor), newest first, so a
//! citizen finds a dossier again without retyping a 25-character code. On a kiosk, only what
//! was looked up, for one visit.

const KEY: &str = "motcua.recent";
const KEEP: usize = 5;

pub fn load() -> Vec<String> {
    crate::kiosk::visit_storage()
        .and_then(|s| s.get_item(KEY).ok().flatten())
        .map(|v| v.lines().filter(|l| !l.is_empty()).map(str::to_string).collect())
        .unwrap_or_default()
}

fn save(codes: &[String]) {
    if let Some(s) = crate::kiosk::visit_storage() {
        let _ = if codes.is_empty() { s.remove_item(KEY) } else { s.set_item(KEY, &codes.join("\n")) };
    }
}

pub fn remember(code: &str) {
    let mut codes = load();
    codes.retain(|c| c != code);
    codes.insert(0, code.to_string());
    codes.truncate(KEEP);
    save(&codes);
}

pub fn forget(code: &str) {
    let mut codes = load();
    codes.retain(|c| c != code);
    save(&codes);
}
