//! The question bank and role profiles: the public data format, and the loaded, validated bank.
//!
//! Everything refers to things by stable string ids, so rewording a question or a role never
//! invalidates saved progress or results.
//!
//! This file is the format bank authors write. Loading is split by concern: `load` reads the
//! files, `schema` checks each item's shape, `validate/` the rules across items, `source` and
//! `diagnostic` say where a problem is, `coverage` and `fingerprint` describe a loaded bank.

mod coverage;
mod diagnostic;
mod fingerprint;
mod load;
mod rewrite;
mod schema;
mod source;
mod validate;

pub use coverage::{Coverage, RoleCoverage, SkillCoverage};
pub use diagnostic::{Diagnostic, Place, Severity};
pub(crate) use load::load_from_bytes;
pub use load::{BankSource, MAX_FILE_BYTES, load, load_with_report};
pub use rewrite::{BankFile, ParameterUpdate, rewrite_parameters};

use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The five levels every skill is described at, 0 (no exposure) to 4 (expert).
pub(crate) const LEVELS: usize = 5;
/// Difficulty assumed for a knowledge check that states neither a level nor a difficulty (the
/// scale's centre).
pub(crate) const DEFAULT_DIFFICULTY: f64 = 0.0;
/// How far a check's `adjustment` may move its difficulty from its level's: half a level, so an
/// item stays within the band of the level it evidences.
pub(crate) const MAX_ADJUSTMENT: f64 = 0.5;

/// The difficulty of a check that evidences `level` (1–4) of its skill: halfway between that level
/// and the one below on the ability scale (level = θ + 2), so a person at the level answers it
/// more often than not and a person a level below less often than not.
pub fn level_difficulty(level: u8) -> f64 {
    f64::from(level) - 2.5
}
/// Discrimination assumed for a knowledge check that does not state one.
pub(crate) const DEFAULT_DISCRIMINATION: f64 = 1.0;

/// A skill: something a role needs and a person can have more or less of.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Skill {
    pub id: String,
    pub name: String,
    /// Other names people type for it (search, "did you mean").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    pub category: String,
    pub description: String,
    /// What levels 0 to 4 mean for this skill, in observable terms; the self-rating's options.
    pub levels: Vec<Level>,
    /// Skills to be comfortable with before learning this one.
    #[serde(default)]
    pub prerequisites: Vec<String>,
    /// How to close a gap in this skill.
    pub learn: Learn,
}

/// One level of a skill: a short label a person picks ("Builds pipelines") and one observable
/// sentence that lets them check it ("Has built…"). Older banks wrote a level as a single string;
/// that still reads, as a description without a label.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(from = "LevelSpec")]
pub struct Level {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub label: String,
    pub description: String,
}

impl Level {
    /// What a self-rating option shows: the label, or the description when there is none.
    pub fn short(&self) -> &str {
        if self.label.trim().is_empty() {
            &self.description
        } else {
            &self.label
        }
    }
}

#[derive(Deserialize)]
#[serde(untagged)]
enum LevelSpec {
    Text(String),
    Fields(LevelFields),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LevelFields {
    #[serde(default)]
    label: String,
    description: String,
}

impl From<LevelSpec> for Level {
    fn from(spec: LevelSpec) -> Self {
        match spec {
            LevelSpec::Text(description) => Level {
                label: String::new(),
                description,
            },
            LevelSpec::Fields(f) => Level {
                label: f.label,
                description: f.description,
            },
        }
    }
}

/// Advice for closing a gap in one skill, used to build learning paths.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Learn {
    pub what: String,
    pub project: String,
    pub resource: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certification: Option<String>,
    /// Rough hours of focused work to rise one level.
    pub hours_per_level: u32,
}

/// The kinds of question, each scored differently.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    SelfRating,
    SingleChoice,
    MultipleChoice,
    ShortText,
    Interest,
    Background,
}

impl QuestionKind {
    /// Every kind, in the order the format documents them.
    pub(crate) const ALL: [Self; 6] = [
        Self::SelfRating,
        Self::SingleChoice,
        Self::MultipleChoice,
        Self::ShortText,
        Self::Interest,
        Self::Background,
    ];

    /// Knowledge checks have a right answer and are scored by item response theory.
    pub fn is_knowledge_check(self) -> bool {
        matches!(
            self,
            Self::SingleChoice | Self::MultipleChoice | Self::ShortText
        )
    }

    /// Whether the question is about a skill (as opposed to a topic of interest or background).
    pub(crate) fn is_about_skill(self) -> bool {
        self == Self::SelfRating || self.is_knowledge_check()
    }

    /// The name used in the data files.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::SelfRating => "self_rating",
            Self::SingleChoice => "single_choice",
            Self::MultipleChoice => "multiple_choice",
            Self::ShortText => "short_text",
            Self::Interest => "interest",
            Self::Background => "background",
        }
    }
}

/// One question of any kind.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub id: String,
    /// The skill a self-rating or knowledge check measures.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skill: Option<String>,
    /// What an interest or background question informs, e.g. "Industry: Healthcare".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic: Option<String>,
    pub kind: QuestionKind,
    pub prompt: String,
    /// For self-ratings these are filled from the skill's levels when omitted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<String>,
    /// 0-based indices of the right options (choice kinds).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub correct: Vec<usize>,
    /// Accepted free-text answers and their alternative spellings (short text).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub accepted: Vec<String>,
    /// Wrong answers close enough in spelling to pass the typo tolerance ("model collapse" for
    /// "mode collapse"): never accepted (short text).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rejected: Vec<String>,
    /// The level of its skill (1–4) a knowledge check evidences: a person at that level usually
    /// answers it, one a level below usually not. It sets the difficulty (see [`level_difficulty`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<u8>,
    /// A small move (−0.5 … 0.5) of the difficulty from its level's, for an item easier or harder
    /// than is typical of its level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adjustment: Option<f64>,
    /// Item difficulty b on the latent ability scale, when measured (it then overrides `level`);
    /// see [`Question::difficulty`].
    #[serde(
        default,
        rename = "difficulty",
        skip_serializing_if = "Option::is_none"
    )]
    pub measured_difficulty: Option<f64>,
    /// Item discrimination a: how sharply the item separates people below and above b.
    #[serde(default = "default_discrimination")]
    pub discrimination: f64,
    /// How far a numeric free-text answer may be from an accepted number and still count
    /// (absolute; 0 when not stated: numbers must be equal).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tolerance: Option<f64>,
    /// Chance of a right answer by a blind guess (choice kinds); see [`Question::guessing`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guessing: Option<f64>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub explanation: String,
}

impl Question {
    /// A short hash of what an answer's meaning depends on (kind, options in order, right
    /// answers). Saved with each answer, so an answer to a question whose options were reordered
    /// or changed is dropped on resume instead of being scored against the wrong options.
    pub(crate) fn version(&self) -> String {
        use sha2::Digest;
        let key = serde_json::json!([
            self.kind,
            self.options,
            self.correct,
            self.accepted,
            self.rejected
        ]);
        sha2::Sha256::digest(key.to_string().as_bytes())
            .iter()
            .take(4)
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

impl Question {
    /// The item's difficulty b: a measured `difficulty` when the bank states one, else its
    /// level's ([`level_difficulty`]) moved by its `adjustment`, else the scale's centre.
    pub fn difficulty(&self) -> f64 {
        match (self.measured_difficulty, self.level) {
            (Some(b), _) => b,
            (None, Some(level)) => level_difficulty(level) + self.adjustment.unwrap_or(0.0),
            (None, None) => DEFAULT_DIFFICULTY + self.adjustment.unwrap_or(0.0),
        }
    }

    /// The level of its skill (1–4) a knowledge check evidences: its `level`, or the level whose
    /// band holds its measured difficulty.
    pub fn evidence_level(&self) -> u8 {
        self.level
            .unwrap_or_else(|| (self.difficulty() + 2.5).round().clamp(1.0, 4.0) as u8)
    }

    /// The item's guessing floor c: the bank's `guessing` when it states one, else what a blind
    /// guess gets, 1 / options for single choice and 1 / (2ᵏ − 1) for multiple choice (any
    /// non-empty set of k options, right only when exactly the right set), 0 for free text, where
    /// a guess is almost never right.
    pub fn guessing(&self) -> f64 {
        if let Some(c) = self.guessing {
            return c;
        }
        let k = self.options.len().max(1);
        match self.kind {
            QuestionKind::SingleChoice => 1.0 / k as f64,
            QuestionKind::MultipleChoice => 1.0 / ((1u64 << k.min(60)) - 1) as f64,
            _ => 0.0,
        }
    }
}

fn default_discrimination() -> f64 {
    DEFAULT_DISCRIMINATION
}

/// A role a person may aim for, and what it asks of them.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Role {
    pub id: String,
    pub name: String,
    pub definition: String,
    #[serde(default)]
    pub responsibilities: Vec<String>,
    pub skills: Vec<RoleSkill>,
    #[serde(default)]
    pub tools: Vec<String>,
    #[serde(default)]
    pub education: Vec<String>,
    #[serde(default)]
    pub industries: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub certifications: Vec<String>,
    /// Interest questions that speak for this role, with their weight.
    #[serde(default)]
    pub interests: Vec<InterestLink>,
    /// Background answers typical for the role.
    #[serde(default)]
    pub background: Vec<BackgroundLink>,
}

/// One requirement of a role.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RoleSkill {
    pub skill: String,
    /// 1 (nice to have) to 5 (core).
    pub importance: u8,
    /// The level 0–4 a hireable person has.
    pub target: u8,
    /// Other skills that meet the same requirement ("TensorFlow, Keras, or PyTorch"): the best counts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alternatives: Vec<String>,
    /// A role-specific project that replaces the skill's generic one in this role's path.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project: Option<String>,
}

/// Links an interest question to a role.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct InterestLink {
    pub question: String,
    /// 1–5.
    pub weight: u8,
}

/// Background answers (option indices) typical for a role.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct BackgroundLink {
    pub question: String,
    pub preferred: Vec<usize>,
}

/// Advice worth following whatever the role.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Tip {
    pub id: String,
    pub title: String,
    pub text: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skills: Vec<String>,
}

/// One role requirement with its skills resolved to indices (the primary skill first, then its
/// alternatives), so hot loops need no id lookups.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Requirement {
    pub(crate) skills: Vec<usize>,
    pub(crate) importance: u8,
    pub(crate) target: u8,
}

/// A loaded and validated bank: every cross-reference in it resolves.
#[derive(Debug, Clone)]
pub struct Bank {
    skills: Vec<Skill>,
    questions: Vec<Question>,
    roles: Vec<Role>,
    tips: Vec<Tip>,
    skill_index: HashMap<String, usize>,
    question_index: HashMap<String, usize>,
    role_index: HashMap<String, usize>,
    by_skill: Vec<Vec<usize>>,
    /// Per skill: the index of its self-rating question, if it has one.
    rating_question: Vec<Option<usize>>,
    /// Distinct skill categories in first-seen order, and each skill's position among them.
    categories: Vec<String>,
    category_of: Vec<usize>,
    requirements: Vec<Vec<Requirement>>,
    /// Per role: (question index, weight) of its interest links.
    interest_links: Vec<Vec<(usize, u8)>>,
    /// Per role: (question index, typical options) of its background links.
    background_links: Vec<Vec<(usize, Vec<usize>)>>,
    fingerprint: String,
}

impl Bank {
    /// Builds the indices. Callers must have validated the contents (see [`load`]).
    fn new(
        skills: Vec<Skill>,
        mut questions: Vec<Question>,
        roles: Vec<Role>,
        tips: Vec<Tip>,
        fingerprint: String,
    ) -> Self {
        let skill_index: HashMap<String, usize> = skills
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.clone(), i))
            .collect();
        let mut by_skill = vec![Vec::new(); skills.len()];
        for (qi, q) in questions.iter_mut().enumerate() {
            if let Some(&si) = q.skill.as_ref().and_then(|s| skill_index.get(s)) {
                if q.kind == QuestionKind::SelfRating && q.options.is_empty() {
                    q.options = skills[si]
                        .levels
                        .iter()
                        .map(|l| l.short().to_string())
                        .collect();
                }
                by_skill[si].push(qi);
            }
        }
        let rating_question = by_skill
            .iter()
            .map(|qs| {
                qs.iter()
                    .copied()
                    .find(|&q| questions[q].kind == QuestionKind::SelfRating)
            })
            .collect();
        let mut categories: Vec<String> = Vec::new();
        let category_of = skills
            .iter()
            .map(|s| match categories.iter().position(|c| *c == s.category) {
                Some(i) => i,
                None => {
                    categories.push(s.category.clone());
                    categories.len() - 1
                }
            })
            .collect();
        let question_index: HashMap<String, usize> = questions
            .iter()
            .enumerate()
            .map(|(i, q)| (q.id.clone(), i))
            .collect();
        let role_index = roles
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.clone(), i))
            .collect();
        let requirements = roles
            .iter()
            .map(|r| {
                r.skills
                    .iter()
                    .map(|rs| Requirement {
                        skills: std::iter::once(&rs.skill)
                            .chain(&rs.alternatives)
                            .filter_map(|id| skill_index.get(id).copied())
                            .collect(),
                        importance: rs.importance,
                        target: rs.target,
                    })
                    .collect()
            })
            .collect();
        let interest_links = roles
            .iter()
            .map(|r| {
                r.interests
                    .iter()
                    .filter_map(|l| question_index.get(&l.question).map(|&q| (q, l.weight)))
                    .collect()
            })
            .collect();
        let background_links = roles
            .iter()
            .map(|r| {
                r.background
                    .iter()
                    .filter_map(|l| {
                        question_index
                            .get(&l.question)
                            .map(|&q| (q, l.preferred.clone()))
                    })
                    .collect()
            })
            .collect();
        Self {
            skills,
            questions,
            roles,
            tips,
            skill_index,
            question_index,
            role_index,
            by_skill,
            rating_question,
            categories,
            category_of,
            requirements,
            interest_links,
            background_links,
            fingerprint,
        }
    }

    /// Every skill, in file order.
    pub fn skills(&self) -> &[Skill] {
        &self.skills
    }

    /// Every question, in file order; indices into this slice are stable for the bank's life.
    pub fn questions(&self) -> &[Question] {
        &self.questions
    }

    /// Every role profile, in file order.
    pub fn roles(&self) -> &[Role] {
        &self.roles
    }

    /// The advice worth following whatever the role.
    pub fn tips(&self) -> &[Tip] {
        &self.tips
    }

    /// A content hash of every bank file, so a result can tell which bank it was scored against.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// The position of a skill in [`Bank::skills`].
    pub fn skill_index(&self, id: &str) -> Option<usize> {
        self.skill_index.get(id).copied()
    }

    /// A skill by id.
    pub fn skill(&self, id: &str) -> Option<&Skill> {
        self.skill_index(id).map(|i| &self.skills[i])
    }

    /// The position of a question in [`Bank::questions`].
    pub(crate) fn question_index(&self, id: &str) -> Option<usize> {
        self.question_index.get(id).copied()
    }

    /// A question by id.
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.question_index(id).map(|i| &self.questions[i])
    }

    /// A role by id.
    pub fn role(&self, id: &str) -> Option<&Role> {
        self.role_index.get(id).map(|&i| &self.roles[i])
    }

    /// The position of a role in [`Bank::roles`].
    pub fn role_position(&self, id: &str) -> Option<usize> {
        self.role_index.get(id).copied()
    }

    /// The requirements of the role at `role` (a position in [`Bank::roles`]), resolved.
    pub(crate) fn requirements(&self, role: usize) -> &[Requirement] {
        &self.requirements[role]
    }

    /// The interest links of the role at `role`: (question index, weight).
    pub(crate) fn interest_links(&self, role: usize) -> &[(usize, u8)] {
        &self.interest_links[role]
    }

    /// The background links of the role at `role`: (question index, typical options).
    pub(crate) fn background_links(&self, role: usize) -> &[(usize, Vec<usize>)] {
        &self.background_links[role]
    }

    /// The self-rating question (an index into [`Bank::questions`]) of the skill at `skill`.
    pub(crate) fn rating_question(&self, skill: usize) -> Option<usize> {
        self.rating_question[skill]
    }

    /// How many distinct skill categories the bank has.
    pub(crate) fn category_count(&self) -> usize {
        self.categories.len()
    }

    /// The category (a position among the distinct ones) of the skill at `skill`.
    pub(crate) fn category_of(&self, skill: usize) -> usize {
        self.category_of[skill]
    }

    /// Indices (into [`Bank::questions`]) of the questions about the skill at `skill_index`.
    pub fn questions_for_skill(&self, skill_index: usize) -> &[usize] {
        &self.by_skill[skill_index]
    }
}
