//! The whole quiz flow with scripted answers: every kind, saving after each answer, interrupt,
//! pause, resume, start over, and resuming after the bank changed.

use clap::Parser;
use skillgap::answers::Answer;
use skillgap::bank::{self, Bank, BankSource, QuestionKind};
use skillgap::quiz::{self, Ask, Mode, Options, Outcome, Prompter, QuizError, Reply, Start};
use skillgap::store::Store;
use std::collections::VecDeque;

/// One scripted reply: choose by visible text, so the test is independent of the shuffle.
#[derive(Debug, Clone)]
enum Step {
    Pick(&'static str),
    PickMany(Vec<&'static str>),
    Type(&'static str),
    Yes,
    No,
    Esc,
    CtrlC,
    Broken,
}

#[derive(Default)]
struct Script {
    steps: VecDeque<Step>,
    asked: Vec<(Ask, Vec<String>)>,
    said: Vec<String>,
}

impl Script {
    fn new(steps: Vec<Step>) -> Self {
        Self {
            steps: steps.into(),
            ..Self::default()
        }
    }

    fn next(&mut self, ask: &Ask, options: &[String]) -> Step {
        self.asked.push((ask.clone(), options.to_vec()));
        self.steps
            .pop_front()
            .unwrap_or_else(|| panic!("script ran out at {:?} {options:?}", ask.header))
    }

    fn headers(&self) -> Vec<String> {
        self.asked.iter().map(|(a, _)| a.header.clone()).collect()
    }
}

fn find(options: &[String], text: &str) -> usize {
    options
        .iter()
        .position(|o| o == text || o.ends_with(&format!("· {text}")))
        .unwrap_or_else(|| panic!("no option {text:?} in {options:?}"))
}

impl Prompter for Script {
    fn say(&mut self, text: &str) {
        self.said.push(text.to_string());
    }

    fn select(&mut self, ask: &Ask, options: &[String], _start: usize) -> Reply<usize> {
        match self.next(ask, options) {
            Step::Pick(t) => Reply::Answer(find(options, t)),
            Step::Esc => Reply::Cancelled,
            Step::CtrlC => Reply::Interrupted,
            Step::Broken => Reply::Failed("the terminal went away".into()),
            other => panic!("select got {other:?} at {}", ask.header),
        }
    }

    fn multi_select(
        &mut self,
        ask: &Ask,
        options: &[String],
        valid: fn(&[usize], usize) -> Option<String>,
    ) -> Reply<Vec<usize>> {
        match self.next(ask, options) {
            Step::PickMany(ts) => {
                let chosen: Vec<usize> = ts.iter().map(|t| find(options, t)).collect();
                assert_eq!(
                    valid(&chosen, options.len() - 1),
                    None,
                    "invalid choice {ts:?}"
                );
                Reply::Answer(chosen)
            }
            Step::Esc => Reply::Cancelled,
            Step::CtrlC => Reply::Interrupted,
            other => panic!("multi_select got {other:?} at {}", ask.header),
        }
    }

    fn text(&mut self, ask: &Ask) -> Reply<String> {
        match self.next(ask, &[]) {
            Step::Type(t) => Reply::Answer(t.to_string()),
            Step::Esc => Reply::Cancelled,
            Step::CtrlC => Reply::Interrupted,
            other => panic!("text got {other:?} at {}", ask.header),
        }
    }

    fn confirm(&mut self, ask: &Ask, default: bool) -> Reply<bool> {
        assert!(!default, "a destructive step defaults to no");
        match self.next(ask, &[]) {
            Step::Yes => Reply::Answer(true),
            Step::No => Reply::Answer(false),
            Step::Esc => Reply::Cancelled,
            Step::CtrlC => Reply::Interrupted,
            Step::Broken => Reply::Failed("the terminal went away".into()),
            other => panic!("confirm got {other:?} at {}", ask.prompt),
        }
    }
}

/// Runs a command line in-process, as at a terminal (`interactive`) or not, with scripted
/// replies; returns what it printed and how it ended.
fn cli(
    args: &[&str],
    script: &mut dyn Prompter,
    interactive: bool,
) -> (String, skillgap::Result<()>) {
    let cli =
        skillgap::cli::Cli::try_parse_from(std::iter::once("skillgap").chain(args.iter().copied()))
            .unwrap();
    let mut out = Vec::new();
    let r = skillgap::cli::run_with(cli, script, interactive, &mut out);
    (String::from_utf8(out).unwrap(), r)
}

fn mini() -> Bank {
    bank::load(&BankSource::Dir(crate::common::fixtures().join("mini"))).unwrap()
}

fn opts(start: Start) -> Options {
    Options {
        start,
        mode: Some(Mode::Full),
        focus: Some(Vec::new()),
        bank_source: BankSource::Dir(crate::common::fixtures().join("mini")),
    }
}

/// The full mini quiz in its order: background, interests, then per skill self-rating and checks
/// from easiest to hardest.
fn full_answers() -> Vec<Step> {
    use Step::*;
    vec![
        Pick("Master's"),               // background.degree
        Pick("Very interested"),        // interest.images
        Pick("Indifferent"),            // interest.models
        Pick("3"),                      // python.self ("3 · Designs packages…")
        Pick("3"),                      // python.k1 (easy): len([1, 2, 3])
        PickMany(vec!["tuple", "str"]), // python.k2 (medium)
        Type("yield"),                  // python.k3 (hard)
        Pick("2"),                      // vision.self
        Pick("Median"),                 // vision.k1
        Type("open cv"),                // vision.k2
        PickMany(vec!["I don't know"]), // vision.k3
        Pick("I'm not sure"),           // deep.self
        Pick("Backpropagation"),        // deep.k1
        Pick("I don't know"),           // deep.k2
        Type(""),                       // deep.k3
    ]
}

fn self_rating_label(bank: &Bank, skill: &str, level: usize) -> String {
    let l = &bank.skill(skill).unwrap().levels[level];
    if l.label.is_empty() {
        format!("{level} · {}", l.description)
    } else {
        format!("{level} · {} — {}", l.label, l.description)
    }
}

/// Choosing a self-rating by its full label ("3 · Designs packages…").
fn rate(bank: &Bank, skill: &str, level: usize) -> Step {
    Step::Pick(Box::leak(
        self_rating_label(bank, skill, level).into_boxed_str(),
    ))
}

/// Answers the first five questions of the full mini quiz (python.k1 among them), then pauses.
fn answer_five_then_pause(bank: &Bank, store: &Store) {
    let mut first = full_answers()[..5].to_vec();
    first[3] = rate(bank, "python", 3);
    first.push(Step::Esc);
    quiz::run(bank, store, &mut Script::new(first), opts(Start::Ask)).unwrap();
}

#[test]
fn a_full_quiz_asks_every_kind_and_saves_the_result() {
    let bank = mini();
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    // Self-ratings are chosen by their full label; the finder also accepts "N · …" prefixes.
    let mut steps = full_answers();
    steps[3] = rate(&bank, "python", 3);
    steps[7] = rate(&bank, "vision", 2);
    let mut script = Script::new(steps);
    let outcome = quiz::run(&bank, &store, &mut script, opts(Start::Ask)).unwrap();
    let Outcome::Finished(result) = outcome else {
        panic!("{outcome:?}")
    };
    let a = &result.answers;
    assert_eq!(a.get("background.degree"), Some(&Answer::Choice(2)));
    assert_eq!(a.get("interest.images"), Some(&Answer::Choice(3)));
    assert_eq!(a.get("python.self"), Some(&Answer::Choice(3)));
    assert_eq!(
        a.get("python.k1"),
        Some(&Answer::Choice(1)),
        "bank index, not the shuffled position"
    );
    assert_eq!(a.get("python.k2"), Some(&Answer::Choices(vec![0, 2])));
    assert_eq!(a.get("python.k3"), Some(&Answer::Text("yield".into())));
    assert_eq!(a.get("vision.k1"), Some(&Answer::Choice(0)));
    assert_eq!(a.get("vision.k3"), Some(&Answer::Skip));
    assert_eq!(a.get("deep.self"), Some(&Answer::Skip));
    assert_eq!(a.get("deep.k2"), Some(&Answer::Skip));
    assert_eq!(
        a.get("deep.k3"),
        Some(&Answer::Skip),
        "an empty text answer is \"I don't know\""
    );
    assert_eq!(a.len(), 15);
    // Every answer scored as expected: python's checks all right.
    let py = result
        .assessment
        .skills
        .iter()
        .find(|s| s.skill == "python")
        .unwrap();
    assert_eq!((py.checks_answered, py.checks_correct), (3, 3));
    let vision = result
        .assessment
        .skills
        .iter()
        .find(|s| s.skill == "vision")
        .unwrap();
    assert_eq!(
        (vision.checks_answered, vision.checks_correct),
        (3, 2),
        "\"open cv\" counts for OpenCV"
    );
    // Saved as a result; the session is gone.
    let (results, problems) = store.results();
    assert!(problems.is_empty());
    assert_eq!(results.len(), 1);
    // Saved as scored (numbers rounded to 3 decimals on disk).
    assert_eq!(
        serde_json::to_value(&results[0]).unwrap(),
        serde_json::to_value(&*result).unwrap()
    );
    assert!(store.sessions().0.is_empty());
    // The header on every question.
    let headers = script.headers();
    assert_eq!(headers[0], "Question 1 of 15 · Background · Education");
    assert_eq!(
        headers[3],
        "Question 4 of 15 · Programming languages · Python"
    );
    assert_eq!(
        headers[14],
        "Question 15 of 15 · Neural networks & training · Deep learning"
    );
    // Knowledge checks offer "I don't know"; the self-rating offers "I'm not sure" after the levels.
    let (_, k1_options) = &script.asked[4];
    assert_eq!(k1_options.last().unwrap(), "I don't know");
    let (_, self_options) = &script.asked[3];
    assert_eq!(self_options.len(), 6);
    assert!(self_options[0].starts_with("0 · Never used it."));
}

#[test]
fn ctrl_c_saves_and_resume_continues_at_the_next_question() {
    let bank = mini();
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let all = full_answers();
    let mut first = all[..4].to_vec();
    first[3] = rate(&bank, "python", 3);
    first.push(Step::CtrlC);
    let mut script = Script::new(first);
    let outcome = quiz::run(&bank, &store, &mut script, opts(Start::Ask)).unwrap();
    let Outcome::Paused {
        session,
        answered,
        left,
        interrupted,
    } = outcome
    else {
        panic!("{outcome:?}")
    };
    // Fifteen planned, four answered: the fifth was being asked, so eleven are left.
    assert_eq!((answered, left, interrupted), (4, Some(11), true));
    // The saved session holds exactly the four answers, and the shuffle of the question asked.
    let (sessions, _) = store.sessions();
    assert_eq!(sessions.len(), 1);
    assert_eq!(sessions[0].id, session);
    assert_eq!(sessions[0].answers.len(), 4);
    assert!(sessions[0].shuffles.contains_key("python.k1"));
    let shown_before = script.asked[4].1.clone();

    // Resume: straight to question 5, with the same option order as before.
    let mut rest = all[4..].to_vec();
    rest[3] = rate(&bank, "vision", 2);
    let mut script = Script::new(rest);
    let outcome = quiz::run(&bank, &store, &mut script, opts(Start::Resume)).unwrap();
    let Outcome::Finished(result) = outcome else {
        panic!("{outcome:?}")
    };
    assert_eq!(result.id, session, "the result keeps the session's id");
    assert_eq!(result.answers.len(), 15);
    assert_eq!(
        script.headers()[0],
        "Question 5 of 15 · Programming languages · Python"
    );
    assert_eq!(
        script.asked[0].1, shown_before,
        "the shuffle is kept across resume"
    );
    assert!(
        script
            .said
            .iter()
            .any(|s| s.starts_with("Resuming your full quiz: 4 of 15 answered"))
    );
    assert!(store.sessions().0.is_empty());
}

#[test]
fn esc_pauses_and_quiz_offers_to_resume_or_start_over() {
    let bank = mini();
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let mut script = Script::new(vec![Step::Pick("Master's"), Step::Esc]);
    let outcome = quiz::run(&bank, &store, &mut script, opts(Start::Ask)).unwrap();
    assert!(
        matches!(
            outcome,
            Outcome::Paused {
                answered: 1,
                interrupted: false,
                ..
            }
        ),
        "{outcome:?}"
    );
    let old = store.sessions().0[0].id.clone();

    // `skillgap quiz` again: offered a resume; choosing "Start over" discards the old session.
    let mut script = Script::new(vec![
        Step::Pick("Start over (discard the unfinished quiz)"),
        Step::Esc,
    ]);
    let outcome = quiz::run(&bank, &store, &mut script, opts(Start::Ask)).unwrap();
    assert!(
        script.asked[0].0.prompt.contains("1 of 15 answered"),
        "{:?}",
        script.asked[0]
    );
    let Outcome::Paused {
        session,
        answered: 0,
        ..
    } = outcome
    else {
        panic!("{outcome:?}")
    };
    assert_ne!(session, old);
    let ids: Vec<String> = store.sessions().0.iter().map(|s| s.id.clone()).collect();
    assert_eq!(ids, vec![session]);
}

#[test]
fn resume_with_nothing_unfinished_is_a_usage_error() {
    let bank = mini();
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let err = quiz::run(&bank, &store, &mut Script::new(vec![]), opts(Start::Resume)).unwrap_err();
    assert!(matches!(err, QuizError::NothingToResume), "{err:?}");
    assert!(
        !err.to_string().contains("skillgap"),
        "the library names no command: {err}"
    );

    // The command line says how to start one, and exits 2.
    let data = dir.path().to_str().unwrap();
    let (_, r) = cli(
        &["--data-dir", data, "resume"],
        &mut Script::new(vec![]),
        true,
    );
    let err = r.unwrap_err();
    assert_eq!(err.exit_code(), 2);
    let msg = err.to_string();
    assert!(
        msg.contains("no unfinished quiz") && msg.contains("`skillgap quiz`"),
        "{msg}"
    );
}

#[test]
fn a_broken_terminal_keeps_the_answers_and_says_how_to_resume() {
    let bank = mini();
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let mut script = Script::new(vec![Step::Pick("Master's"), Step::Broken]);
    let err = quiz::run(&bank, &store, &mut script, opts(Start::Ask)).unwrap_err();
    assert!(
        matches!(&err, QuizError::PromptFailed { saved: true, reason } if reason == "the terminal went away"),
        "{err:?}"
    );
    assert_eq!(store.sessions().0[0].answers.len(), 1);

    // At the command line: exit 2, and the way back is named.
    let fresh = tempfile::tempdir().unwrap();
    let mini_dir = crate::common::fixtures().join("mini");
    let args = [
        "--bank",
        mini_dir.to_str().unwrap(),
        "--data-dir",
        fresh.path().to_str().unwrap(),
        "quiz",
        "--mode",
        "full",
    ];
    let mut script = Script::new(vec![Step::Pick("Master's"), Step::Broken]);
    let (_, r) = cli(&args, &mut script, true);
    let err = r.unwrap_err();
    assert_eq!(err.exit_code(), 2);
    let msg = err.to_string();
    assert!(
        msg.contains("the terminal went away") && msg.contains("resume with `skillgap resume`"),
        "{msg}"
    );
    let resumed = Store::open(fresh.path()).unwrap();
    assert_eq!(resumed.sessions().0[0].answers.len(), 1);
}

#[test]
fn a_session_resumes_after_the_bank_changed() {
    let bank = mini();
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    answer_five_then_pause(&bank, &store);

    // A new version of the bank drops python.k1 and python.k3.
    let changed = tempfile::tempdir().unwrap();
    crate::common::copy_tree(&crate::common::fixtures().join("mini"), changed.path());
    let path = changed.path().join("questions/core.json");
    let mut doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    doc["questions"]
        .as_array_mut()
        .unwrap()
        .retain(|q| q["id"] != "python.k1" && q["id"] != "python.k3");
    std::fs::write(&path, serde_json::to_string(&doc).unwrap()).unwrap();
    let new_bank = bank::load(&BankSource::Dir(changed.path().to_path_buf())).unwrap();
    assert_ne!(new_bank.fingerprint(), bank.fingerprint());

    let mut rest = vec![Step::PickMany(vec!["tuple", "str"])];
    rest.extend(full_answers()[7..].iter().cloned());
    rest[1] = rate(&bank, "vision", 2);
    let mut script = Script::new(rest);
    let outcome = quiz::run(&new_bank, &store, &mut script, opts(Start::Resume)).unwrap();
    let Outcome::Finished(result) = outcome else {
        panic!("{outcome:?}")
    };
    assert!(
        script.said.iter().any(|s| s.contains(
            "1 answer to questions that no longer exist or have changed were dropped (python.k1)"
        )),
        "{:?}",
        script.said
    );
    assert!(result.answers.get("python.k1").is_none());
    assert_eq!(
        result.answers.get("python.self"),
        Some(&Answer::Choice(3)),
        "answers to questions that still exist are kept"
    );
    assert_eq!(
        result.answers.len(),
        13,
        "4 kept + 9 asked after the resume"
    );
    assert_eq!(result.bank.fingerprint, new_bank.fingerprint());
}

#[test]
fn knowledge_check_options_are_shuffled_per_session_and_scales_are_not() {
    let bank = bank::load(&BankSource::Builtin).unwrap();
    let mut moved = 0;
    for q in bank.questions() {
        let a = quiz::display_order("aaaaaa", q);
        let mut sorted = a.clone();
        sorted.sort_unstable();
        assert_eq!(
            sorted,
            (0..q.options.len()).collect::<Vec<_>>(),
            "{} is a permutation",
            q.id
        );
        if q.kind.is_knowledge_check() {
            moved += usize::from(a != sorted);
            assert_eq!(
                a,
                quiz::display_order("aaaaaa", q),
                "deterministic per session"
            );
        } else {
            assert_eq!(a, sorted, "{}: ordered scales keep their order", q.id);
        }
    }
    assert!(moved > 50, "only {moved} knowledge checks were reordered");
    let q = bank.question("pytorch.k1").unwrap();
    let orders: std::collections::BTreeSet<Vec<usize>> =
        ["aaaaaa", "bbbbbb", "cccccc", "dddddd", "eeeeee", "ffffff"]
            .iter()
            .map(|s| quiz::display_order(s, q))
            .collect();
    assert!(orders.len() > 1, "sessions differ");
}

/// Answers as a persona would, whatever the question, by finding the persona's option on screen.
struct PersonaPrompter<'a> {
    bank: &'a Bank,
    persona: skillgap::simulate::persona::Persona,
    headers: Vec<String>,
    asked: Vec<String>,
    said: Vec<String>,
}

impl PersonaPrompter<'_> {
    fn answer(&mut self, ask: &Ask) -> Answer {
        self.asked.push(ask.question.clone().unwrap_or_default());
        let q = self
            .bank
            .question(ask.question.as_deref().expect("a bank question"))
            .unwrap();
        self.persona.answer(q).unwrap_or(Answer::Skip)
    }

    fn option_text(&self, ask: &Ask, i: usize) -> String {
        self.bank
            .question(ask.question.as_deref().unwrap())
            .unwrap()
            .options[i]
            .clone()
    }
}

impl Prompter for PersonaPrompter<'_> {
    fn say(&mut self, text: &str) {
        self.said.push(text.to_string());
    }

    fn select(&mut self, ask: &Ask, options: &[String], _start: usize) -> Reply<usize> {
        self.headers.push(ask.header.clone());
        let last = options.len() - 1;
        Reply::Answer(match self.answer(ask) {
            Answer::Choice(i) => {
                let text = self.option_text(ask, i);
                options
                    .iter()
                    .position(|o| *o == text || o.ends_with(&format!("· {text}")))
                    .unwrap()
            }
            _ => last,
        })
    }

    fn multi_select(
        &mut self,
        ask: &Ask,
        options: &[String],
        _valid: fn(&[usize], usize) -> Option<String>,
    ) -> Reply<Vec<usize>> {
        self.headers.push(ask.header.clone());
        Reply::Answer(match self.answer(ask) {
            Answer::Choices(v) => v
                .iter()
                .map(|&i| {
                    let text = self.option_text(ask, i);
                    options.iter().position(|o| *o == text).unwrap()
                })
                .collect(),
            _ => vec![options.len() - 1],
        })
    }

    fn text(&mut self, ask: &Ask) -> Reply<String> {
        self.headers.push(ask.header.clone());
        Reply::Answer(match self.answer(ask) {
            Answer::Text(t) => t,
            _ => String::new(),
        })
    }
}

/// A whole quiz in `mode` (focused on `focus`, if given) answered as `persona` would, in a fresh
/// store: the saved result and the prompter, which recorded what it was asked and told.
fn persona_quiz<'a>(
    bank: &'a Bank,
    persona: skillgap::simulate::persona::Persona,
    mode: Mode,
    focus: Option<Vec<String>>,
) -> (skillgap::store::SavedResult, PersonaPrompter<'a>) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let mut p = PersonaPrompter {
        bank,
        persona,
        headers: Vec::new(),
        asked: Vec::new(),
        said: Vec::new(),
    };
    let mut o = opts(Start::New);
    o.mode = Some(mode);
    if focus.is_some() {
        o.focus = focus;
    }
    let Outcome::Finished(result) = quiz::run(bank, &store, &mut p, o).unwrap() else {
        panic!("the persona did not finish the quiz")
    };
    (*result, p)
}

#[test]
fn the_quick_form_is_adaptive_short_and_agrees_with_the_full_one() {
    let bank = bank::load(&BankSource::Builtin).unwrap();
    for id in ["cv_inspection", "pytorch_researcher", "data_analyst"] {
        let path = crate::common::fixtures()
            .join("personas")
            .join(format!("{id}.json"));
        let persona: skillgap::simulate::persona::Persona =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let full = skillgap::score::assess(&bank, &persona.answers(&bank));
        let (result, p) = persona_quiz(&bank, persona, Mode::Quick, None);
        let asked = result.answers.len();
        assert!(
            asked * 100 <= bank.questions().len() * 35,
            "{id}: {asked} questions"
        );
        assert_eq!(result.mode, Mode::Quick);
        assert_eq!(
            result.assessment.recommendation.role, full.recommendation.role,
            "{id}: quick and full disagree after {asked} questions"
        );
        assert!(
            p.said.iter().any(|s| s.starts_with("Stopping here")),
            "{id}: {:?}",
            p.said
        );
        // The claims are tested early: within the first ten questions, checks of the skills just
        // rated, at or below the level claimed.
        let first: Vec<&String> = p.asked.iter().take(10).collect();
        let checks: Vec<&&String> = first
            .iter()
            .filter(|q| bank.question(q).unwrap().kind.is_knowledge_check())
            .collect();
        assert!(checks.len() >= 4, "{id}: {first:?}");
        for q in checks {
            let check = bank.question(q).unwrap();
            let rating_id = format!("{}.self", check.skill.as_deref().unwrap());
            let claimed = match result.answers.get(&rating_id) {
                Some(Answer::Choice(r)) => *r as f64 - 2.0,
                _ => continue,
            };
            assert!(
                check.difficulty() <= claimed + 1e-9,
                "{id}: {q} (b {}) tests a claim of θ {claimed} from above",
                check.difficulty()
            );
        }
        let distinct: std::collections::BTreeSet<&String> = p.asked.iter().collect();
        assert_eq!(distinct.len(), p.asked.len());
        assert_eq!(p.asked.len(), asked);
        // Pacing: never more than three self-ratings in a row; a claim (other than "never used
        // it") is checked right after it is made; a background question that tells roles apart
        // is asked; and the count of questions left never grows.
        let kinds: Vec<QuestionKind> = p
            .asked
            .iter()
            .map(|q| bank.question(q).unwrap().kind)
            .collect();
        let longest_run = kinds
            .split(|k| *k != QuestionKind::SelfRating)
            .map(<[_]>::len)
            .max()
            .unwrap_or(0);
        assert!(
            longest_run <= 3,
            "{id}: {longest_run} self-ratings in a row: {:?}",
            p.asked
        );
        for (i, q) in p.asked.iter().enumerate() {
            let Some(skill) = q.strip_suffix(".self") else {
                continue;
            };
            let rated_zero = matches!(result.answers.get(q), Some(Answer::Choice(0)));
            if !rated_zero && i + 1 < p.asked.len() {
                let next = bank.question(&p.asked[i + 1]).unwrap();
                assert!(
                    next.skill.as_deref() == Some(skill) && next.kind.is_knowledge_check(),
                    "{id}: {q} is followed by {}",
                    next.id
                );
            }
        }
        assert!(
            kinds.contains(&QuestionKind::Background),
            "{id}: no background question"
        );
        let left: Vec<usize> = p
            .headers
            .iter()
            .filter_map(|h| {
                h.split(" · ")
                    .nth(1)?
                    .strip_prefix("about ")?
                    .strip_suffix(" left")?
                    .parse()
                    .ok()
            })
            .collect();
        assert!(!left.is_empty(), "{id}: {:?}", p.headers);
        assert!(left.windows(2).all(|w| w[1] <= w[0]), "{id}: {left:?}");
        // A check never comes before its skill's self-rating.
        for (i, q) in p.asked.iter().enumerate() {
            let skill = q.split('.').next().unwrap();
            if !q.ends_with(".self") && !q.starts_with("interest.") && !q.starts_with("background.")
            {
                let rated = p.asked[..i].iter().any(|e| *e == format!("{skill}.self"));
                assert!(rated, "{id}: {q} before {skill}.self");
            }
        }
    }
}

#[test]
fn the_full_form_asks_everything_and_focus_narrows_it() {
    let bank = bank::load(&BankSource::Builtin).unwrap();
    let full = quiz::full_plan(&bank, &[]);
    assert_eq!(full.len(), bank.questions().len());
    let focused = quiz::full_plan(&bank, &["data_engineer".to_string()]);
    assert!(focused.len() < full.len() && !focused.iter().any(|q| q.starts_with("opencv.")));
    assert!(focused.iter().any(|q| q.starts_with("sql.")));
}

#[test]
fn without_a_terminal_the_quiz_exits_2_and_says_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    for args in [&["quiz"][..], &["resume"], &[]] {
        let out = crate::common::skillgap(args, &[("SKILLGAP_DATA_DIR", dir.path())]);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = crate::common::stderr(&out);
        assert!(err.contains("terminal"), "{args:?}: {err}");
        assert!(!err.contains("panicked"));
    }
    let out = crate::common::skillgap(&["quiz"], &[("SKILLGAP_DATA_DIR", dir.path())]);
    assert!(crate::common::stderr(&out).contains("skillgap quiz --answers FILE"));
}

#[test]
fn an_answer_to_a_question_whose_options_changed_is_dropped_on_resume() {
    let bank = mini();
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    answer_five_then_pause(&bank, &store);
    assert_eq!(
        store.sessions().0[0].answers.get("python.k1"),
        Some(&Answer::Choice(1))
    );

    // python.k1's options are reordered under the same id: the saved index now means another option.
    let changed = tempfile::tempdir().unwrap();
    crate::common::copy_tree(&crate::common::fixtures().join("mini"), changed.path());
    let path = changed.path().join("questions/core.json");
    let text = std::fs::read_to_string(&path).unwrap().replace(
        r#""options": ["2", "3", "4"], "correct": [1]"#,
        r#""options": ["3", "2", "4"], "correct": [0]"#,
    );
    std::fs::write(&path, text).unwrap();
    let new_bank = bank::load(&BankSource::Dir(changed.path().to_path_buf())).unwrap();

    // The changed question is asked again; the others are kept.
    let mut rest = vec![Step::Pick("3")];
    rest.extend(full_answers()[5..].iter().cloned());
    rest[3] = rate(&bank, "vision", 2);
    let mut script = Script::new(rest);
    let Outcome::Finished(result) =
        quiz::run(&new_bank, &store, &mut script, opts(Start::Resume)).unwrap()
    else {
        panic!()
    };
    assert!(
        script
            .said
            .iter()
            .any(|s| s.contains("have changed were dropped (python.k1)")),
        "{:?}",
        script.said
    );
    assert_eq!(
        result.answers.get("python.k1"),
        Some(&Answer::Choice(0)),
        "answered again against the new order"
    );
    assert_eq!(result.answers.get("python.self"), Some(&Answer::Choice(3)));
    assert_eq!(result.answers.len(), 15);
    assert_eq!(result.versions.len(), 15);
}

#[test]
fn a_focused_quiz_recommends_among_the_chosen_roles() {
    let bank = bank::load(&BankSource::Builtin).unwrap();
    let path = crate::common::fixtures().join("personas/data_analyst.json");
    let persona: skillgap::simulate::persona::Persona =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let focus = vec![
        "computer_vision_engineer".to_string(),
        "deep_learning_engineer".to_string(),
    ];
    let (result, p) = persona_quiz(&bank, persona, Mode::Full, Some(focus.clone()));
    let a = &result.assessment;
    assert_eq!(a.focus, focus);
    assert!(
        focus.contains(&a.recommendation.role),
        "{:?}",
        a.recommendation
    );
    assert!(focus.contains(a.recommendation.runner_up.as_ref().unwrap()));
    assert_eq!(a.roles.len(), 4, "every role is still matched");
    // Unasked data skills sit at the prior, so a data role may rank first overall; being
    // unmeasured, it is not claimed to fit better.
    let reasons = &a.recommendation.reasons;
    assert!(
        !reasons
            .iter()
            .any(|r| skillgap::render::reasons::reason(r).starts_with("Outside the roles")),
        "{reasons:?}"
    );
    assert!(
        !p.asked.iter().any(|q| q.starts_with("sql.")),
        "a focused full quiz asks only the focus roles' skills"
    );
}

#[test]
fn delete_asks_at_a_terminal_needs_yes_otherwise_and_refuses_without_one() {
    let bank = mini();
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let save = || {
        let answers =
            skillgap::answers::Answers::parse_file(r#"{"answers": {"python.self": 3}}"#, &bank)
                .unwrap();
        quiz::run_answers(
            &bank,
            &store,
            answers,
            &BankSource::Dir(crate::common::fixtures().join("mini")),
        )
        .unwrap()
        .id
    };
    let data = dir.path().to_str().unwrap().to_string();
    let exists = |id: &str| store.find_result(id).is_ok_and(|r| r.id == id);
    let delete = |id: &str, yes: bool, script: &mut dyn Prompter, interactive: bool| {
        let mut args = vec!["--data-dir", data.as_str(), "delete", id];
        if yes {
            args.push("--yes");
        }
        cli(&args, script, interactive)
    };

    // At a terminal it asks, naming the result, and deletes only on yes.
    let id = save();
    for (step, code) in [
        (Step::No, None),
        (Step::Esc, None),
        (Step::CtrlC, Some(130)),
    ] {
        let mut script = Script::new(vec![step.clone()]);
        let (out, r) = delete(&id, false, &mut script, true);
        assert!(
            script.asked[0]
                .0
                .prompt
                .starts_with(&format!("Delete result {id} from ")),
            "{:?}",
            script.asked
        );
        match code {
            None => assert_eq!(
                (out.as_str(), r.is_ok()),
                ("Nothing deleted.\n", true),
                "{step:?}"
            ),
            Some(c) => {
                let err = r.unwrap_err();
                assert_eq!(err.exit_code(), c);
                assert_eq!(err.to_string(), "Nothing deleted.");
            }
        }
        assert!(exists(&id), "{step:?} keeps the result");
    }
    let mut script = Script::new(vec![Step::Broken]);
    let err = delete(&id, false, &mut script, true).1.unwrap_err();
    assert_eq!(err.exit_code(), 2);
    assert_eq!(
        err.to_string(),
        "cannot ask for confirmation: the terminal went away; pass --yes"
    );
    // A prompter that cannot confirm refuses rather than deletes.
    let err = delete(&id, false, &mut crate::common::Leaver::default(), true)
        .1
        .unwrap_err();
    assert_eq!(err.exit_code(), 2);
    assert!(exists(&id));
    let mut script = Script::new(vec![Step::Yes]);
    let (out, r) = delete(&id, false, &mut script, true);
    r.unwrap();
    assert_eq!(out, format!("Deleted result {id}.\n"));
    assert!(!exists(&id));

    // Without a terminal it refuses, asking nothing (the script is empty), unless --yes.
    let id = save();
    let err = delete(&id, false, &mut Script::new(vec![]), false)
        .1
        .unwrap_err();
    assert_eq!(err.exit_code(), 2);
    assert!(err.to_string().contains("pass --yes"), "{err}");
    assert!(exists(&id));
    let (out, r) = delete(&id, true, &mut Script::new(vec![]), false);
    r.unwrap();
    assert_eq!(out, format!("Deleted result {id}.\n"));
    assert!(!exists(&id));

    // --yes at a terminal deletes without asking.
    let id = save();
    delete(&id, true, &mut Script::new(vec![]), true).1.unwrap();
    assert!(!exists(&id));
}

#[test]
fn plain_skillgap_is_the_quiz_at_a_terminal_and_help_elsewhere() {
    let dir = tempfile::tempdir().unwrap();
    let mini_dir = crate::common::fixtures().join("mini");
    let args = [
        "--bank",
        mini_dir.to_str().unwrap(),
        "--data-dir",
        dir.path().to_str().unwrap(),
    ];
    // At a terminal: the quiz's first question is its length; leaving there saves nothing.
    let mut script = Script::new(vec![Step::Esc]);
    let (out, r) = cli(&args, &mut script, true);
    r.unwrap();
    assert_eq!(script.headers(), ["Quiz length"]);
    assert!(
        script.said[0].starts_with("Welcome to skillgap."),
        "{:?}",
        script.said
    );
    assert_eq!(out, "Left before the first question; nothing was saved.\n");
    // Elsewhere: the help, and a usage error; nothing is asked.
    let (out, r) = cli(&args, &mut Script::new(vec![]), false);
    assert_eq!(r.unwrap_err().exit_code(), 2);
    assert!(out.contains("Usage:") && out.contains("history"), "{out}");
}
