//! What a fit says about each item beyond its parameters: the item-rest correlation, how well
//! the model predicts it by ability group, and the skill's information and reliability.

use super::em::{Expected, ItemSpec, Patterns, QUAD_POINTS, grid};
use crate::score::item_information;

/// Pearson correlation of an item (right or not) with the rest score (right answers among the
/// skill's other items), over respondents who answered it and at least one other; None when
/// either does not vary.
pub(crate) fn item_rest(data: &Patterns, item: usize) -> Option<f64> {
    let (mut n, mut sx, mut sy, mut sxx, mut syy, mut sxy) = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
    for p in 0..data.len() {
        let row = data.row(p);
        if row[item] == 0 {
            continue;
        }
        let others = row
            .iter()
            .enumerate()
            .filter(|&(k, &x)| k != item && x != 0);
        let (answered, right) = others.fold((0, 0), |(a, r), (_, &x)| (a + 1, r + (x == 2) as u32));
        if answered == 0 {
            continue;
        }
        let w = data.counts[p];
        let x = f64::from(row[item] == 2);
        let y = f64::from(right);
        n += w;
        sx += w * x;
        sy += w * y;
        sxx += w * x * x;
        syy += w * y * y;
        sxy += w * x * y;
    }
    if n < 2.0 {
        return None;
    }
    let vx = sxx - sx * sx / n;
    let vy = syy - sy * sy / n;
    let cxy = sxy - sx * sy / n;
    (vx > 1e-9 && vy > 1e-9).then(|| cxy / (vx * vy).sqrt())
}

/// How well the model predicts an item: each respondent's chance of answering it right given
/// their *other* answers (the posterior without the item), respondents grouped by that chance
/// into up to ten groups of about equal size, and per group the observed right answers against
/// the predicted. Under the model each group's (O − E)² / Σ p(1 − p) is about χ²₁.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ItemFit {
    /// (respondents, observed share right, predicted share right) per group, lowest first.
    pub(crate) groups: Vec<(f64, f64, f64)>,
    pub(crate) chi2: f64,
    pub(crate) df: usize,
    pub(crate) p_value: f64,
}

pub(crate) fn item_fit(
    items: &[ItemSpec],
    data: &Patterns,
    e: &Expected,
    item: usize,
) -> Option<ItemFit> {
    let (theta, _) = grid();
    let it = &items[item];
    let p_item: [f64; QUAD_POINTS] = std::array::from_fn(|q| {
        let s = 1.0 / (1.0 + (-it.a * (theta[q] - it.b)).exp());
        (it.c + (1.0 - it.c) * s).clamp(1e-12, 1.0 - 1e-12)
    });
    // (predicted, right, count) per pattern that answered the item.
    let mut rows: Vec<(f64, bool, f64)> = Vec::new();
    for p in 0..data.len() {
        let x = data.row(p)[item];
        if x == 0 {
            continue;
        }
        // The posterior without the item: divide its likelihood out.
        let (mut num, mut den) = (0.0, 0.0);
        for (&post, &pq) in e.posterior[p].iter().zip(&p_item) {
            let w = post / if x == 2 { pq } else { 1.0 - pq };
            num += w * pq;
            den += w;
        }
        // Rounded, so that the right and the wrong answer after the same other answers (whose
        // predictions differ only by rounding error) fall into one group.
        rows.push(((num / den * 1e9).round() / 1e9, x == 2, data.counts[p]));
    }
    let total: f64 = rows.iter().map(|r| r.2).sum();
    if total < 20.0 {
        return None;
    }
    rows.sort_by(|a, b| a.0.total_cmp(&b.0));
    let wanted = 10usize;
    let mut groups = Vec::new();
    let (mut n, mut o, mut ex, mut var) = (0.0, 0.0, 0.0, 0.0);
    let mut stat = 0.0;
    let mut seen = 0.0;
    for (i, &(pred, right, count)) in rows.iter().enumerate() {
        n += count;
        seen += count;
        o += if right { count } else { 0.0 };
        ex += count * pred;
        var += count * pred * (1.0 - pred);
        let boundary = seen >= total * (groups.len() + 1) as f64 / wanted as f64;
        let last = i + 1 == rows.len();
        // Patterns with the same prediction stay in one group.
        let tie = !last && rows[i + 1].0 == pred;
        if (boundary && !tie) || last {
            if var > 1e-9 {
                stat += (o - ex) * (o - ex) / var;
                groups.push((n, o / n, ex / n));
            }
            (n, o, ex, var) = (0.0, 0.0, 0.0, 0.0);
        }
    }
    if groups.len() < 3 {
        return None;
    }
    // Two parameters were estimated from the same answers; an odd df is rounded up to the next
    // even one (the closed form's), which makes the test a little more lenient, never stricter.
    let df = groups.len() - 2;
    let df = df + df % 2;
    Some(ItemFit {
        chi2: stat,
        df,
        p_value: chi2_survival(stat, df),
        groups,
    })
}

/// P(χ²_df ≥ x) for an even df: e^{−x/2} Σ_{i<df/2} (x/2)^i / i!.
pub(crate) fn chi2_survival(x: f64, df: usize) -> f64 {
    debug_assert!(df.is_multiple_of(2) && df > 0);
    let h = x / 2.0;
    let mut term = 1.0;
    let mut sum = 1.0;
    for i in 1..df / 2 {
        term *= h / i as f64;
        sum += term;
    }
    ((-h).exp() * sum).min(1.0)
}

/// The skill's test information at each of `points`.
pub(crate) fn information(items: &[ItemSpec], points: &[f64]) -> Vec<f64> {
    points
        .iter()
        .map(|&t| {
            items
                .iter()
                .map(|i| item_information(t, i.a, i.b, i.c))
                .sum()
        })
        .collect()
}

/// Marginal reliability of the whole set of checks for people drawn from N(0, 1): 1 − E[1 / (1 +
/// I(θ))], the share of the ability variance left once a person has answered every check.
pub(crate) fn reliability(items: &[ItemSpec]) -> f64 {
    let (theta, w) = grid();
    let info = information(items, &theta);
    1.0 - info.iter().zip(&w).map(|(i, w)| w / (1.0 + i)).sum::<f64>()
}

/// The posterior mean and variance of θ for each pattern.
pub(crate) fn eap(e: &Expected) -> Vec<(f64, f64)> {
    let (theta, _) = grid();
    e.posterior
        .iter()
        .map(|post| {
            let m: f64 = post.iter().zip(&theta).map(|(p, t)| p * t).sum();
            let v: f64 = post.iter().zip(&theta).map(|(p, t)| p * t * t).sum::<f64>() - m * m;
            (m, v.max(0.0))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chi2_tail_matches_tables() {
        // χ²₂ at 5.991 and χ²₈ at 15.507 are the 5% points.
        assert!((chi2_survival(5.991, 2) - 0.05).abs() < 1e-3);
        assert!((chi2_survival(15.507, 8) - 0.05).abs() < 1e-3);
        assert!((chi2_survival(0.0, 4) - 1.0).abs() < 1e-12);
    }
}
