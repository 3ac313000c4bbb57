//! Median time of one search over a synthetic catalogue of 5,000 procedures made from the 44
//! real ones (names varied and numbered). Run by `cargo xtask bench`; figures, not assertions.

use std::time::Instant;

use motcua_domain::catalogue::ProcedureList;
use motcua_domain::search::Index;

const QUERIES: &[&str] = &[
    "khai sinh",
    "ket hon",
    "giay xac nhan doc than",
    "cong chung ban sao",
    "1.001193",
    "chuyenn truong",
    "dang ky kinh doan",
    "mai táng",
    "trích lục khai sinh",
    "di chuc",
];

fn main() {
    let v: serde_json::Value = serde_json::from_str(include_str!("../../server/data/catalogue.json")).unwrap();
    let real = v["procedures"].as_array().unwrap();
    let suffixes = ["", " tại xã", " trực tuyến", " (trường hợp đặc biệt)", " cho người cao tuổi", " lưu động"];
    let procedures: Vec<serde_json::Value> = (0..5000)
        .map(|i| {
            let p = &real[i % real.len()];
            let name =
                format!("{}{} {}", p["name"]["vi"].as_str().unwrap(), suffixes[i / real.len() % suffixes.len()], i);
            serde_json::json!({
                "id": format!("{}-{i}", p["id"].as_str().unwrap()), "national_code": p["national_code"],
                "name": {"vi": name, "en": p["name"]["en"]}, "field_id": p["field_id"], "level": p["level"],
                "processing": {"kind": "unknown"}, "fee_vnd": p["fee_vnd"], "channels": p["channels"],
                "friday_programme": false,
            })
        })
        .collect();
    let list: ProcedureList =
        serde_json::from_value(serde_json::json!({"fields": v["fields"], "procedures": procedures})).unwrap();
    let t0 = Instant::now();
    let index = Index::new(&list, &[]);
    let build = t0.elapsed();
    let mut times = Vec::new();
    for _ in 0..20 {
        for q in QUERIES {
            let t = Instant::now();
            let hits = index.search(q, |_| false);
            times.push(t.elapsed());
            std::hint::black_box(hits);
        }
    }
    times.sort();
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
    println!(
        "search over {} procedures: index built in {:.1} ms; per query median {:.3} ms, p90 {:.3} ms, max {:.3} ms ({} queries)",
        list.procedures.len(),
        ms(build),
        ms(times[times.len() / 2]),
        ms(times[times.len() * 9 / 10]),
        ms(*times.last().unwrap()),
        times.len()
    );
}
