//! The scoring engine: pure and deterministic (no I/O, no terminal, no clock, no randomness).
//!
//! [`irt`] holds the one posterior; [`skills`] estimates each skill from the evidence; [`roles`]
//! matches and ranks the roles; [`recommend`] picks one and says why; [`path`] orders the learning;
//! [`compare`] sets two results side by side.

pub mod check;
pub mod compare;
pub mod irt;
pub mod path;
pub mod person;
pub mod recommend;
pub mod review;
pub mod roles;
pub mod skills;

pub use check::*;
pub use irt::*;
pub use recommend::*;
pub use roles::*;
pub use skills::*;

use crate::answers::{Answer, Answers};
use crate::bank::Bank;
use path::{PathStep, RunnerUp};
use serde::{Deserialize, Serialize, Serializer};

pub(crate) fn round3<S: Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64((x * 1000.0).round() / 1000.0)
}

pub(crate) fn round3_opt<S: Serializer>(x: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match x {
        Some(x) => round3(x, s),
        None => s.serialize_none(),
    }
}

/// A whole assessment: the result of scoring a set of answers against a bank.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Assessment {
    /// The bank's fingerprint, so the result says what it was scored against.
    pub bank: String,
    pub answered: usize,
    pub skipped: usize,
    pub skills: Vec<SkillEstimate>,
    /// How the self-ratings compare with the answers across all skills (results saved before it
    /// was estimated have none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rating_bias: Option<RatingBias>,
    /// Best first.
    pub roles: Vec<RoleMatch>,
    pub recommendation: Recommendation,
    /// The ordered learning plan toward the recommended role.
    pub path: Vec<PathStep>,
    /// What closing the runner-up's gaps would take.
    pub runner_up: Option<RunnerUp>,
    /// Steps worth taking whatever the role.
    pub general_steps: Vec<path::GeneralStep>,
    /// The roles the person said they are weighing (empty: all).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub focus: Vec<String>,
}

impl Assessment {
    /// The recommended role's match.
    pub fn recommended(&self) -> Option<&RoleMatch> {
        self.roles
            .iter()
            .find(|m| m.role == self.recommendation.role)
    }

    /// The runner-up's match.
    pub fn runner_up_match(&self) -> Option<&RoleMatch> {
        let id = self.recommendation.runner_up.as_deref()?;
        self.roles.iter().find(|m| m.role == id)
    }
}

/// Scores a set of answers against the bank: the whole assessment, deterministically.
pub fn assess(bank: &Bank, answers: &Answers) -> Assessment {
    assess_for(bank, answers, &[])
}

/// [`assess`] for a person weighing only the roles in `focus` (all when empty): every role is
/// still matched and ranked, but the recommendation and runner-up come from the focus.
pub fn assess_for(bank: &Bank, answers: &Answers, focus: &[String]) -> Assessment {
    let (skills, bias) = estimate_skills(bank, answers);
    let roles = rank_roles(bank, &skills, answers);
    let recommendation = recommend::recommend(bank, &roles, &skills, Some(&bias), answers, focus);
    let top = bank.role(&recommendation.role).expect("ranked role exists");
    let plan = path::plan(bank, top, &skills);
    let runner_up = recommendation
        .runner_up
        .as_deref()
        .and_then(|id| bank.role(id))
        .map(|r| path::runner_up(bank, r, &skills, &plan));
    let general_steps = path::general_steps(bank);
    Assessment {
        bank: bank.fingerprint().to_string(),
        answered: answers
            .iter()
            .filter(|(id, _)| bank.question(id).is_some())
            .count(),
        skipped: answers
            .iter()
            .filter(|(id, a)| bank.question(id).is_some() && **a == Answer::Skip)
            .count(),
        skills,
        rating_bias: Some(bias),
        roles,
        recommendation,
        path: plan,
        runner_up,
        general_steps,
        focus: focus.to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_text_answers_are_matched_word_by_word_with_rejected_by_the_same_rule() {
        let accepted = vec!["OpenCV".to_string(), "cv2".to_string()];
        assert!(text_matches("open cv", &accepted));
        assert!(text_matches("  OpenCv. ", &accepted));
        assert!(!text_matches("OpenGL", &accepted));
        let gan = vec!["mode collapse".to_string()];
        let rejected = vec!["model collapse".to_string()];
        // A typo is forgiven in a long word, never in a four-letter one ("model" is not "mode").
        assert!(!text_matches("model collapse", &gan));
        assert!(text_matches("mode colapse", &gan));
        assert!(!text_matches_except("Model collapse", &gan, &rejected, 0.0));
        assert!(text_matches_except("mode colapse", &gan, &rejected, 0.0));
        assert!(text_matches_except("0.33", &["1/3".to_string()], &[], 0.01));
    }

    #[test]
    fn level_mapping_is_linear_and_clamped() {
        assert_eq!(level_of(-2.0), 0.0);
        assert_eq!(level_of(0.0), 2.0);
        assert_eq!(level_of(1.5), 3.5);
        assert_eq!(level_of(9.0), 4.0);
        assert_eq!(level_of(-9.0), 0.0);
        assert_eq!(theta_of_level(3.0), 1.0);
    }

    #[test]
    fn empty_posterior_is_the_prior() {
        let (m, s) = Posterior::new(STANDARD_PRIOR).mean_sd();
        assert!(m.abs() < 1e-9);
        assert!((s - 1.0).abs() < 0.01, "sd {s}");
        let (m, s) = Posterior::new(Prior { mean: 1.0, sd: 0.8 }).mean_sd();
        assert!(
            (m - 1.0).abs() < 1e-3,
            "truncation at the grid edge only: {m}"
        );
        assert!((s - 0.8).abs() < 0.01);
    }

    #[test]
    fn information_peaks_at_difficulty() {
        let at = item_information(0.5, 1.5, 0.5, 0.0);
        assert!((at - 1.5 * 1.5 * 0.25).abs() < 1e-12);
        assert!(item_information(1.5, 1.5, 0.5, 0.0) < at);
        assert!(item_information(-0.5, 1.5, 0.5, 0.0) < at);
        // Guessing lowers the information, most at the low end.
        assert!(item_information(0.5, 1.5, 0.5, 0.25) < at);
        assert!(item_information(-1.0, 1.5, 0.5, 0.25) < item_information(-1.0, 1.5, 0.5, 0.0));
    }
}
