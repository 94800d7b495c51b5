//! `skillgap simulate`: deterministic for a seed whatever the threads, a row for every population
//! and form, and the properties the model implies (not exact figures: the test runs few
//! respondents in a debug build).

use skillgap::adaptive::Policy;
use skillgap::bank::{self, Bank, BankSource};
use skillgap::simulate::{self, Options, Population, PopulationReport, Report};
use std::sync::OnceLock;

fn bank() -> &'static Bank {
    static BANK: OnceLock<Bank> = OnceLock::new();
    BANK.get_or_init(|| bank::load(&BankSource::Builtin).unwrap())
}

fn options(populations: &[Population], respondents: usize, seed: u64, threads: usize) -> Options {
    Options {
        populations: populations.to_vec(),
        respondents,
        seed,
        policy: Policy::default(),
        threads,
    }
}

fn of(report: &Report, p: Population) -> &PopulationReport {
    report
        .populations
        .iter()
        .find(|r| r.population == p)
        .unwrap_or_else(|| panic!("no {p:?} in {report:#?}"))
}

#[test]
fn the_same_seed_gives_the_same_report_whatever_the_threads() {
    let pop = [Population::Overconfident];
    let one = simulate::run(bank(), &[], &options(&pop, 30, 7, 1));
    let three = simulate::run(bank(), &[], &options(&pop, 30, 7, 3));
    assert_eq!(one, three);
    let (a, b) = (
        simulate::run(bank(), &[], &options(&pop, 10, 7, 2)),
        simulate::run(bank(), &[], &options(&pop, 10, 8, 2)),
    );
    assert_ne!(
        a.populations[0].forms, b.populations[0].forms,
        "a different seed draws different respondents"
    );
    assert_eq!(one.respondents, 30);
    assert_eq!(one.populations.len(), 1);
    assert_eq!(one.populations[0].respondents, 30);
}

/// People in each population of [`SHARED`].
const PEOPLE: usize = 50;

/// The populations of people who lean to a role that rate themselves in different ways.
const SHARED: [Population; 4] = [
    Population::Honest,
    Population::Overconfident,
    Population::Underconfident,
    Population::Careless,
];

/// One run shared by the tests that read it ([`PEOPLE`] in each population of [`SHARED`]);
/// `profiles` and `independent` are run by the JSON test and the snapshot.
fn all() -> &'static Report {
    static REPORT: OnceLock<Report> = OnceLock::new();
    REPORT.get_or_init(|| {
        simulate::run(
            bank(),
            &simulate::builtin_personas(),
            &options(&SHARED, PEOPLE, 11, 2),
        )
    })
}

#[test]
fn every_population_has_its_forms_and_the_quick_form_is_short() {
    let report = all();
    let found: Vec<Population> = report.populations.iter().map(|p| p.population).collect();
    assert_eq!(found, SHARED);
    let cap = Policy::default().max_questions;
    for p in &report.populations {
        let (a, r, f) = (&p.forms.adaptive, &p.forms.random, &p.forms.full);
        let summary = format!("{p:#?}");
        assert_eq!(p.respondents, PEOPLE);
        assert!(a.mean_questions < 0.35 * f.mean_questions, "{summary}");
        assert!(a.max_questions <= cap, "{summary}");
        assert_eq!(f.mean_questions, report.full_length as f64);
        assert_eq!(f.agreement_with_full, 1.0);
        assert_eq!(r.mean_questions, p.random_form_length as f64);
        assert!(
            (r.mean_questions - a.mean_questions).abs() <= 0.5,
            "the random form is as long as the quick one on average: {summary}"
        );
        assert!((a.share_of_bank - a.mean_questions / f.mean_questions).abs() < 1e-12);
        let s = &p.adaptive_stops;
        assert_eq!(
            s.settled + s.far_from_every + s.nothing_informative + s.cap,
            PEOPLE
        );
        let d = &p.disagreements_by_stop;
        let disagree = d.settled + d.far_from_every + d.nothing_informative + d.cap;
        assert_eq!(
            disagree,
            (PEOPLE as f64 * (1.0 - a.agreement_with_full)).round() as usize
        );
        // More answers measure θ better.
        assert!(f.theta_rmse < a.theta_rmse, "{summary}");
    }
}

#[test]
fn biased_raters_are_seen_biased_and_cost_the_quick_form_little() {
    let report = all();
    let (honest, over, under) = (
        of(report, Population::Honest),
        of(report, Population::Overconfident),
        of(report, Population::Underconfident),
    );
    assert_eq!(honest.true_rating_bias, Some(0.0));
    assert!(matches!(over.true_rating_bias, Some(b) if (1.0..=2.0).contains(&b)));
    assert!(matches!(under.true_rating_bias, Some(b) if (-2.0..=-1.0).contains(&b)));
    assert_eq!(of(report, Population::Careless).true_rating_bias, None);
    // Checks show the bias: every form estimates it on the right side of the honest raters'.
    for (o, h, u) in [
        (
            &over.forms.adaptive,
            &honest.forms.adaptive,
            &under.forms.adaptive,
        ),
        (&over.forms.full, &honest.forms.full, &under.forms.full),
    ] {
        assert!(o.rating_bias > h.rating_bias + 0.3, "{o:?} {h:?}");
        assert!(u.rating_bias < h.rating_bias - 0.3, "{u:?} {h:?}");
    }
    // Rating too high barely misleads the quick form about readiness: its claims are checked, so
    // readiness is neither much less accurate nor inflated by more than a few points.
    let (o, h) = (&over.forms.adaptive, &honest.forms.adaptive);
    assert!(
        o.readiness_rmse <= 1.6 * h.readiness_rmse + 0.02,
        "overconfident {o:?}\nhonest {h:?}"
    );
    assert!(o.readiness_bias <= h.readiness_bias + 0.05, "{o:?} {h:?}");
}

#[test]
fn for_people_who_lean_to_a_role_the_quick_form_beats_a_random_one() {
    let report = all();
    let leaning: Vec<&PopulationReport> = report
        .populations
        .iter()
        .filter(|p| p.population.has_targets())
        .collect();
    assert_eq!(leaning.len(), 3);
    let mean = |f: &dyn Fn(&PopulationReport) -> f64| {
        leaning.iter().map(|p| f(p)).sum::<f64>() / leaning.len() as f64
    };
    let quick = mean(&|p| p.forms.adaptive.agreement_with_full);
    let random = mean(&|p| p.forms.random.agreement_with_full);
    assert!(quick > random + 0.1, "quick {quick}, random {random}");
    let quick = mean(&|p| p.forms.adaptive.agreement_with_truth);
    let random = mean(&|p| p.forms.random.agreement_with_truth);
    assert!(quick > random + 0.03, "quick {quick}, random {random}");
    // It measures the role it recommends better (not every role: it asks where the decision is).
    let quick = mean(&|p| p.forms.adaptive.recommended_readiness_rmse);
    let random = mean(&|p| p.forms.random.recommended_readiness_rmse);
    assert!(quick < random, "quick {quick}, random {random}");
}

#[test]
fn personas_answer_as_their_files_say() {
    let report = all();
    assert_eq!(report.personas.len(), 5);
    for p in &report.personas {
        // Far from every role, which is closest is a direction rather than a decision.
        if p.true_readiness >= 0.5 {
            assert_eq!(p.full, p.truth, "{p:?}");
        }
        assert!(p.adaptive_questions <= Policy::default().max_questions);
    }
    // Their answers are fixed, so their runs do not depend on the seed.
    let again = simulate::run(
        bank(),
        &simulate::builtin_personas(),
        &options(&[Population::Honest], 1, 99, 2),
    );
    assert_eq!(again.personas, report.personas);
}

#[test]
fn simulate_json_has_the_documented_shape_and_is_reproducible() {
    let run = |population: &str| {
        crate::common::skillgap(
            &[
                "simulate",
                "--respondents",
                "4",
                "--seed",
                "3",
                "--population",
                population,
                "--json",
            ],
            &[],
        )
    };
    let (a, b) = (run("all"), run("mixed"));
    assert!(a.status.success(), "{}", crate::common::stderr(&a));
    assert_eq!(
        a.stdout, b.stdout,
        "mixed is all, and a seed gives one report"
    );
    let v: serde_json::Value = serde_json::from_slice(&a.stdout).unwrap();
    assert_eq!(v["seed"], 3);
    assert_eq!(v["respondents"], 4);
    let populations = v["populations"].as_array().unwrap();
    let names: Vec<&str> = populations
        .iter()
        .map(|p| p["population"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "profiles",
            "independent",
            "honest",
            "overconfident",
            "underconfident",
            "careless"
        ]
    );
    for p in populations {
        for form in ["adaptive", "random", "full"] {
            for key in [
                "mean_questions",
                "max_questions",
                "share_of_bank",
                "theta_rmse",
                "readiness_rmse",
                "recommended_readiness_rmse",
                "readiness_bias",
                "rating_bias",
                "agreement_with_truth",
                "agreement_with_full",
            ] {
                assert!(
                    p["forms"][form][key].is_number(),
                    "forms.{form}.{key} in {p}"
                );
            }
        }
        for key in ["settled", "far_from_every", "nothing_informative", "cap"] {
            assert!(p["adaptive_stops"][key].is_number(), "{key} in {p}");
            assert!(p["disagreements_by_stop"][key].is_number(), "{key} in {p}");
        }
    }
    assert_eq!(v["personas"].as_array().unwrap().len(), 5);
}

#[test]
fn simulate_prints_markdown_tables() {
    let out = crate::common::skillgap(
        &[
            "simulate",
            "--respondents",
            "4",
            "--population",
            "careless",
            "--markdown",
        ],
        &[],
    );
    assert!(out.status.success(), "{}", crate::common::stderr(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    for row in [
        "| careless | quick |",
        "| careless | random |",
        "| careless | full |",
    ] {
        assert!(text.contains(row), "{row} in\n{text}");
    }
    assert!(text.contains("| pytorch\\_researcher |"), "{text}");
}
