//! skillgap's IRT maths against reference values from established packages and quadrature.
//!
//! `tests/reference/irt_reference.json` holds the values, written by
//! `tests/reference/irt_reference.py` (its docstring has the command and the package versions):
//! catsim 0.21.0's 3PL probability and information, EAP moments of 3PL response patterns by
//! adaptive quadrature (scipy's `quad`, checked there against 2001-point Gauss–Legendre), and
//! girth 0.8.0's EAP of the 2PL cases. Every reference integrates the posterior truncated to
//! [−5, 5], the span of skillgap's grid.
//!
//! How close the grid must be. skillgap sums the posterior on 201 points θᵢ = −5 + 0.05i with
//! equal weights. That is the trapezoid rule plus half of each end point's weight, and the
//! trapezoid rule on these smooth integrands is exact up to Euler–Maclaurin terms at the ends
//! (h²/12 × f′(±5) and smaller), which are a few per cent of those end points' weight. So, with
//! w₀ and w₂₀₀ the normalised posterior weights of the end points, m and s the grid's mean and
//! SD, the grid's moments differ from the exact ones by, to first order,
//!   mean: (w₀|θ₀ − m| + w₂₀₀|θ₂₀₀ − m|) / 2,
//!   SD:   (w₀|(θ₀ − m)² − s²| + w₂₀₀|(θ₂₀₀ − m)² − s²|) / 4s,
//! and the test allows [`FLOOR`] plus 1.1 × that. Where the posterior is negligible at the ends
//! (half the cases) that asks for agreement to 1e-5 or better, mostly about 1e-6; a wide prior,
//! N(0.5, 1.5), or one near the edge, N(−3.5, 0.7), puts up to 0.3 % of the weight on an end
//! point, and those cases are allowed up to 3e-3, which is what the grid really gives there.

use serde::Deserialize;
use skillgap::score::{Item, ItemTable, Posterior, Prior, grid_theta, item_information, p_correct};

/// What the grid gets right however little weight its ends carry: the trapezoid rule's
/// remainder (measured at most 2e-7 where the end weights are 1e-6) and rounding.
const FLOOR: f64 = 1e-6;

#[derive(Deserialize)]
struct Reference {
    icc: Vec<Icc>,
    items_3pl: Vec<Item3>,
    eap_3pl: Vec<Eap>,
    items_2pl: Vec<Item2>,
    eap_girth: Vec<Eap>,
}

#[derive(Deserialize)]
struct Icc {
    theta: f64,
    a: f64,
    b: f64,
    c: f64,
    p: f64,
    info: f64,
}

#[derive(Deserialize)]
struct Item3 {
    a: f64,
    b: f64,
    c: f64,
}

#[derive(Deserialize)]
struct Item2 {
    a: f64,
    b: f64,
}

#[derive(Deserialize)]
struct Eap {
    prior_mean: f64,
    prior_sd: f64,
    responses: Vec<u8>,
    mean: f64,
    sd: f64,
}

fn reference() -> Reference {
    serde_json::from_str(include_str!("../reference/irt_reference.json"))
        .expect("tests/reference/irt_reference.json parses")
}

#[test]
fn probabilities_and_information_match_catsim() {
    let r = reference();
    assert!(r.icc.iter().filter(|c| c.c > 0.0).count() >= 10);
    for Icc {
        theta,
        a,
        b,
        c,
        p,
        info,
    } in r.icc
    {
        let item = Item::new(a, b, c);
        for (got, what) in [(p_correct(theta, a, b, c), "P"), (item.p(theta), "Item::p")] {
            assert!(
                (got - p).abs() < 1e-9,
                "{what}({theta}; {a}, {b}, {c}) = {got}, catsim {p}"
            );
        }
        for (got, what) in [
            (item_information(theta, a, b, c), "I"),
            (item.information(theta), "Item::information"),
        ] {
            assert!(
                (got - info).abs() < 1e-9,
                "{what}({theta}; {a}, {b}, {c}) = {got}, catsim {info}"
            );
        }
    }
}

#[test]
fn item_tables_hold_the_3pl_likelihoods_at_the_grid_points() {
    for (a, b, c) in [
        (1.2, -1.0, 0.25),
        (2.5, 4.9, 0.2),
        (0.5, -5.0, 0.0),
        (3.0, 0.02, 0.25),
    ] {
        let item = Item::new(a, b, c);
        let table = ItemTable::new(&item);
        for i in 0..201 {
            let p = p_correct(grid_theta(i), a, b, c);
            let (right, wrong) = (table.row(true)[i], table.row(false)[i]);
            assert!(
                (right - p).abs() < 1e-12,
                "right row at {i}: {right} vs {p}"
            );
            // The wrong row leaves out the constant factor 1 − c.
            assert!(
                (wrong * (1.0 - c) - (1.0 - p)).abs() < 1e-12,
                "wrong row at {i}: {wrong} vs {}",
                (1.0 - p) / (1.0 - c)
            );
        }
    }
}

/// The first-order difference between the grid's equal-weight moments and the exact ones
/// (see the module's doc): (mean, SD).
fn end_share(post: &Posterior) -> (f64, f64) {
    let w = post.weights();
    let (m, s) = post.mean_sd();
    let ends = [(w[0], grid_theta(0)), (w[200], grid_theta(200))];
    let mean = ends.iter().map(|(w, t)| w * (t - m).abs()).sum::<f64>() / 2.0;
    let sd = ends
        .iter()
        .map(|(w, t)| w * ((t - m).powi(2) - s * s).abs())
        .sum::<f64>()
        / (4.0 * s);
    (mean, sd)
}

/// Scores each case both ways, asserts they agree exactly and match the reference; returns how
/// many cases were held to 1e-5 or better.
fn check_eap(items: &[Item], cases: &[Eap], source: &str) -> usize {
    let mut tight = 0;
    let tables: Vec<ItemTable> = items.iter().map(ItemTable::new).collect();
    for case in cases {
        let prior = Prior {
            mean: case.prior_mean,
            sd: case.prior_sd,
        };
        let (mut built, mut precomputed) = (Posterior::new(prior), Posterior::new(prior));
        for ((item, table), &x) in items.iter().zip(&tables).zip(&case.responses) {
            built.update(item, x == 1);
            precomputed.add(table, x == 1);
        }
        let what = format!(
            "N({}, {}) {:?}",
            case.prior_mean, case.prior_sd, case.responses
        );
        assert_eq!(built, precomputed, "{what}: update and add differ");
        assert_eq!(built.mean_sd(), precomputed.mean_sd(), "{what}");
        let (m, s) = built.mean_sd();
        let (end_mean, end_sd) = end_share(&built);
        let (tol_mean, tol_sd) = (FLOOR + 1.1 * end_mean, FLOOR + 1.1 * end_sd);
        assert!(
            tol_mean < 3e-3 && tol_sd < 3e-3,
            "{what}: {tol_mean} {tol_sd}"
        );
        assert!(
            (m - case.mean).abs() <= tol_mean,
            "{what}: mean {m} vs {source} {} (allowed {tol_mean:.1e})",
            case.mean
        );
        assert!(
            (s - case.sd).abs() <= tol_sd,
            "{what}: sd {s} vs {source} {} (allowed {tol_sd:.1e})",
            case.sd
        );
        tight += usize::from(tol_mean.max(tol_sd) <= 1e-5);
    }
    tight
}

#[test]
fn eap_3pl_mean_and_sd_match_quadrature() {
    let r = reference();
    let items: Vec<Item> = r
        .items_3pl
        .iter()
        .map(|i| Item::new(i.a, i.b, i.c))
        .collect();
    assert!(items.iter().filter(|i| i.c > 0.0).count() >= 4);
    let responses: Vec<&[u8]> = r.eap_3pl.iter().map(|c| c.responses.as_slice()).collect();
    assert!(
        responses
            .iter()
            .any(|r| !r.is_empty() && r.iter().all(|&x| x == 1))
    );
    assert!(
        responses
            .iter()
            .any(|r| !r.is_empty() && r.iter().all(|&x| x == 0))
    );
    // Half the cases leave the grid's ends nothing to speak of and are held to 1e-5 or better.
    let tight = check_eap(&items, &r.eap_3pl, "quadrature");
    assert!(tight >= 18, "{tight} of {} held to 1e-5", r.eap_3pl.len());
}

#[test]
fn eap_2pl_mean_and_sd_match_girth() {
    let r = reference();
    let items: Vec<Item> = r
        .items_2pl
        .iter()
        .map(|i| Item::new(i.a, i.b, 0.0))
        .collect();
    let tight = check_eap(&items, &r.eap_girth, "girth");
    assert!(tight >= 12, "{tight} of {} held to 1e-5", r.eap_girth.len());
}
