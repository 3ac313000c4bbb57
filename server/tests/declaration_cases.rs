//! The shared cases of declaration answers (`tests/cases/declaration-khai-sinh.json`) through
//! the one validator, on the birth registration form as the back end seeds it. The app runs the
//! same function as the citizen answers (pages/apply/declaration.rs); the e2e sends the same
//! cases to the back end over HTTP (forms.spec.ts).

use motcua_domain::form_answers::{validate, Answer, Answers};
use motcua_server::seed::Seed;

const CASES: &str = include_str!("../../tests/cases/declaration-khai-sinh.json");

#[test]
fn the_shared_cases_give_the_expected_problems() {
    let cases: serde_json::Value = serde_json::from_str(CASES).unwrap();
    let seed = Seed::load().unwrap();
    let procedure = cases["procedure"].as_str().unwrap();
    let form = seed.forms.iter().find(|f| f.procedure_id == procedure).expect("the form of the cases' procedure");
    let base = cases["base"].as_object().unwrap();
    let all = cases["cases"].as_array().unwrap();
    assert!(all.len() >= 10);
    for case in all {
        let name = case["name"].as_str().unwrap();
        let mut answers = Answers::new();
        for (k, v) in base {
            answers.insert(k.clone(), Answer::One(v.as_str().unwrap().to_string()));
        }
        for (k, v) in case["change"].as_object().unwrap() {
            match v.as_str() {
                Some(s) => answers.insert(k.clone(), Answer::One(s.to_string())),
                None => answers.remove(k),
            };
        }
        let today = motcua_domain::schedule::vietnam_time(chrono::Utc::now()).date();
        let got: Vec<(String, String)> =
            validate(form, &answers, today).into_iter().map(|e| (e.field, e.code)).collect();
        let expected: Vec<(String, String)> = case["expect"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| (p[0].as_str().unwrap().to_string(), p[1].as_str().unwrap().to_string()))
            .collect();
        assert_eq!(got, expected, "{name}");
    }
}
