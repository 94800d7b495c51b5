//! skillgap's IRT maths against reference values from established packages.
//!
//! The values come from catsim 0.21.0 (2PL probability and information) and girth 0.8.0 (EAP),
//! computed by `tests/reference/irt_reference.py`, which documents how to re-run it.

use skillgap::score::{Item, Posterior, Prior, item_information, p_correct};

const ICC: [(f64, f64, f64, f64, f64); 5] = [
    (0.0, 1.0, 0.0, 0.500000000000, 0.250000000000),
    (1.0, 1.5, -0.5, 0.904650535101, 0.194080374996),
    (-2.0, 0.8, 1.2, 0.071757542264, 0.042629374331),
    (0.3, 2.0, 0.3, 0.500000000000, 1.000000000000),
    (2.5, 1.2, 1.0, 0.858148935100, 0.175290250013),
];

#[test]
fn probabilities_and_information_match_catsim() {
    for (theta, a, b, p, info) in ICC {
        assert!(
            (p_correct(theta, a, b, 0.0) - p).abs() < 1e-9,
            "P({theta}; {a}, {b})"
        );
        assert!(
            (item_information(theta, a, b, 0.0) - info).abs() < 1e-9,
            "I({theta}; {a}, {b})"
        );
    }
}

const ITEMS: [(f64, f64); 5] = [(1.2, -1.0), (1.0, 0.0), (1.5, 0.5), (0.9, 1.2), (1.3, 1.8)];

type Case = (f64, f64, [u8; 5], f64, f64);
const EAP: [Case; 15] = [
    (0.0, 1.0, [1, 1, 1, 1, 1], 1.629395, 0.700595),
    (0.0, 1.0, [0, 0, 0, 0, 0], -1.145836, 0.746229),
    (0.0, 1.0, [1, 1, 0, 0, 0], -0.047822, 0.676355),
    (0.0, 1.0, [1, 0, 1, 0, 1], 0.753757, 0.665294),
    (0.0, 1.0, [1, 1, 1, 0, 0], 0.621230, 0.664200),
    (1.0, 0.8, [1, 1, 1, 1, 1], 1.873175, 0.630318),
    (1.0, 0.8, [0, 0, 0, 0, 0], -0.266722, 0.608313),
    (1.0, 0.8, [1, 1, 0, 0, 0], 0.520160, 0.592378),
    (1.0, 0.8, [1, 0, 1, 0, 1], 1.157232, 0.600714),
    (1.0, 0.8, [1, 1, 1, 0, 0], 1.049485, 0.597967),
    (-2.0, 0.8, [1, 1, 1, 1, 1], 0.172021, 0.596097),
    (-2.0, 0.8, [0, 0, 0, 0, 0], -2.286255, 0.713941),
    (-2.0, 0.8, [1, 1, 0, 0, 0], -1.254185, 0.656063),
    (-2.0, 0.8, [1, 0, 1, 0, 1], -0.525327, 0.618691),
    (-2.0, 0.8, [1, 1, 1, 0, 0], -0.641124, 0.623941),
];

#[test]
fn eap_mean_and_sd_match_girth() {
    for (mean, sd, pattern, want_mean, want_sd) in EAP {
        let mut post = Posterior::new(Prior { mean, sd });
        for (&(a, b), &r) in ITEMS.iter().zip(&pattern) {
            post.update(&Item::new(a, b, 0.0), r == 1);
        }
        let (m, s) = post.mean_sd();
        // The grid (201 points, step 0.05) against 1001-point Gauss–Legendre quadrature, both on [−5, 5].
        assert!(
            (m - want_mean).abs() < 2e-3,
            "prior N({mean}, {sd}) {pattern:?}: mean {m} vs {want_mean}"
        );
        assert!(
            (s - want_sd).abs() < 2e-3,
            "prior N({mean}, {sd}) {pattern:?}: sd {s} vs {want_sd}"
        );
    }
}
