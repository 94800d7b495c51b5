//! `skillgap simulate`: deterministic for a seed, and the adaptive form meets its targets on the
//! shipped bank.

use skillgap::adaptive::Policy;
use skillgap::bank::{self, BankSource};
use skillgap::simulate::{self, Options, Population};

fn options(respondents: usize, seed: u64, threads: usize) -> Options {
    Options {
        population: Population::Profiles,
        respondents,
        seed,
        policy: Policy::default(),
        threads,
    }
}

#[test]
fn the_same_seed_gives_the_same_report_whatever_the_threads() {
    let bank = bank::load(&BankSource::Builtin).unwrap();
    let personas = simulate::builtin_personas();
    let one = simulate::run(&bank, &personas, &options(120, 7, 1));
    let two = simulate::run(&bank, &personas, &options(120, 7, 2));
    assert_eq!(one, two);
    let other = simulate::run(&bank, &personas, &options(120, 8, 2));
    assert_ne!(
        one.forms, other.forms,
        "a different seed draws different respondents"
    );
    assert_eq!(one.respondents, 125);
    assert_eq!(one.personas.len(), 5);
}

#[test]
fn the_adaptive_form_is_short_agrees_with_the_full_bank_and_beats_a_random_form() {
    let bank = bank::load(&BankSource::Builtin).unwrap();
    let report = simulate::run(&bank, &simulate::builtin_personas(), &options(1500, 42, 2));
    let (a, r, f) = (
        &report.forms.adaptive,
        &report.forms.random,
        &report.forms.full,
    );
    let summary = format!("{report:#?}");
    assert!(
        a.mean_questions <= 0.35 * report.full_length as f64,
        "{summary}"
    );
    assert!(
        a.max_questions <= Policy::default().max_questions,
        "{summary}"
    );
    assert!(a.agreement_with_full >= 0.95, "{summary}");
    assert!(a.rmse < r.rmse, "{summary}");
    assert!(
        a.agreement_with_full > r.agreement_with_full
            && a.agreement_with_truth > r.agreement_with_truth,
        "{summary}"
    );
    assert_eq!(f.agreement_with_full, 1.0);
    assert_eq!(f.mean_questions, report.full_length as f64);
    assert!(
        (r.mean_questions - a.mean_questions).abs() <= 0.5,
        "the random form is as long as the adaptive one on average"
    );
    // The personas get what their expert-expected outcome says from the full bank.
    for p in &report.personas {
        assert_eq!(p.full, p.truth, "{p:?}");
    }
}

#[test]
fn simulate_json_has_the_documented_shape_and_is_reproducible() {
    let run = || {
        crate::common::skillgap(
            &["simulate", "--respondents", "40", "--seed", "3", "--json"],
            &[],
        )
    };
    let (a, b) = (run(), run());
    assert!(a.status.success(), "{}", crate::common::stderr(&a));
    assert_eq!(a.stdout, b.stdout);
    let v: serde_json::Value = serde_json::from_slice(&a.stdout).unwrap();
    for form in ["adaptive", "random", "full"] {
        for key in [
            "mean_questions",
            "max_questions",
            "rmse",
            "agreement_with_truth",
            "agreement_with_full",
        ] {
            assert!(
                v["forms"][form][key].is_number(),
                "forms.{form}.{key} in {v}"
            );
        }
    }
    assert_eq!(v["seed"], 3);
}
