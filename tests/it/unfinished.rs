//! Several unfinished quizzes: every one is listed and reachable, one open in another window is
//! shown as in use, and a session is read again once its lock is taken, so that answers another
//! window saved in between are never lost.

use skillgap::answers::Answer;
use skillgap::bank::{self, Bank, BankSource};
use skillgap::quiz::{self, Ask, Mode, Options, Outcome, Prompter, QuizError, Reply, Start};
use skillgap::store::{BankStamp, Session, Store};

fn mini() -> (Bank, BankSource) {
    let source = BankSource::Dir(crate::common::fixtures().join("mini"));
    (bank::load(&source).unwrap(), source)
}

/// Answers the choice of unfinished quiz with option `pick` (by position), running `during` while
/// that prompt is up (another window at work), and pauses at the first question.
struct Picker<'a> {
    pick: usize,
    during: Option<Box<dyn FnMut() + 'a>>,
    asked: Vec<(Ask, Vec<String>)>,
    said: Vec<String>,
    /// The options of the bank question it paused at.
    question: Vec<String>,
}

impl Picker<'_> {
    fn new(pick: usize) -> Self {
        Self {
            pick,
            during: None,
            asked: Vec::new(),
            said: Vec::new(),
            question: Vec::new(),
        }
    }
}

impl Prompter for Picker<'_> {
    fn say(&mut self, text: &str) {
        self.said.push(text.to_string());
    }
    fn select(&mut self, ask: &Ask, options: &[String], _start: usize) -> Reply<usize> {
        if ask.question.is_some() {
            self.question = options.to_vec();
            return Reply::Cancelled;
        }
        self.asked.push((ask.clone(), options.to_vec()));
        if let Some(f) = self.during.as_mut() {
            f();
        }
        assert!(self.pick < options.len(), "{options:?}");
        Reply::Answer(self.pick)
    }
    fn multi_select(
        &mut self,
        _: &Ask,
        _: &[String],
        _: fn(&[usize], usize) -> Option<String>,
    ) -> Reply<Vec<usize>> {
        Reply::Cancelled
    }
    fn text(&mut self, _: &Ask) -> Reply<String> {
        Reply::Cancelled
    }
    fn confirm(&mut self, _: &Ask, _: bool) -> Reply<bool> {
        Reply::Cancelled
    }
}

/// A full-quiz session with the first `n` questions of the mini bank answered "I don't know".
fn session(store: &Store, bank: &Bank, source: &BankSource, n: usize) -> Session {
    let mut s = Session::new(
        store.new_id(),
        Mode::Full,
        Vec::new(),
        BankStamp::of(bank, source),
    );
    s.plan = quiz::full_plan(bank, &[]);
    for id in s.plan[..n].iter().cloned() {
        s.answers.insert(id, Answer::Skip);
    }
    store.save_session(&s).unwrap();
    s
}

fn options(start: Start, source: &BankSource) -> Options {
    Options {
        start,
        mode: Some(Mode::Full),
        focus: Some(Vec::new()),
        bank_source: source.clone(),
    }
}

fn answered(outcome: Outcome) -> usize {
    match outcome {
        Outcome::Paused { answered, .. } => answered,
        other => panic!("{other:?}"),
    }
}

#[test]
fn every_unfinished_quiz_is_listed_and_reachable() {
    let (bank, source) = mini();
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let a = session(&store, &bank, &source, 2);
    std::thread::sleep(std::time::Duration::from_millis(5));
    let b = session(&store, &bank, &source, 5);
    // The newest first; resuming it leaves the other one there to resume.
    let mut p = Picker::new(0);
    let outcome = quiz::run(&bank, &store, &mut p, options(Start::Ask, &source)).unwrap();
    let (ask, opts) = &p.asked[0];
    assert!(
        ask.prompt.contains("2 unfinished quizzes"),
        "{}",
        ask.prompt
    );
    assert_eq!(opts.len(), 3, "{opts:?}");
    assert!(
        opts[0].contains(&b.id) && opts[1].contains(&a.id),
        "{opts:?}"
    );
    assert!(
        opts[0].starts_with("Resume the full quiz from "),
        "{opts:?}"
    );
    assert_eq!(opts[2], "Start a new quiz (keep the unfinished ones)");
    assert_eq!(answered(outcome), 5);
    // `resume ID` reaches the other one directly.
    let mut p = Picker::new(0);
    let start = Start::ResumeId(a.id.clone());
    let outcome = quiz::run(&bank, &store, &mut p, options(start, &source)).unwrap();
    assert_eq!(answered(outcome), 2);
    assert!(
        p.said
            .iter()
            .any(|s| s.starts_with("Resuming your full quiz: 2 of")),
        "{:?}",
        p.said
    );
    // `resume` alone asks which.
    let mut p = Picker::new(1);
    let outcome = quiz::run(&bank, &store, &mut p, options(Start::Resume, &source)).unwrap();
    assert_eq!(
        p.asked[0].1.len(),
        2,
        "only the quizzes: {:?}",
        p.asked[0].1
    );
    assert!(p.asked[0].1[1].contains(&a.id), "{:?}", p.asked[0].1);
    assert_eq!(answered(outcome), 2);
    // An unknown id names the ones there are.
    let mut p = Picker::new(0);
    let start = Start::ResumeId("nope".into());
    match quiz::run(&bank, &store, &mut p, options(start, &source)) {
        Err(QuizError::NoSuchSession { id, known }) => {
            assert_eq!(id, "nope");
            assert_eq!(known.len(), 2);
        }
        other => panic!("{other:?}"),
    }
    // Starting a new quiz keeps both.
    let mut p = Picker::new(2);
    let _ = quiz::run(&bank, &store, &mut p, options(Start::Ask, &source)).unwrap();
    let ids: Vec<String> = store.sessions().0.into_iter().map(|s| s.id).collect();
    assert!(ids.contains(&a.id) && ids.contains(&b.id), "{ids:?}");
}

#[test]
fn a_quiz_open_in_another_window_is_shown_in_use_and_not_taken() {
    let (bank, source) = mini();
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let a = session(&store, &bank, &source, 3);
    let _other_window = store.lock_session(&a.id).unwrap();
    // `resume` says it is in use rather than "nothing to resume".
    let mut p = Picker::new(0);
    match quiz::run(&bank, &store, &mut p, options(Start::Resume, &source)) {
        Err(QuizError::Store(skillgap::Error::SessionInUse { id })) => assert_eq!(id, a.id),
        other => panic!("{other:?}"),
    }
    std::thread::sleep(std::time::Duration::from_millis(5));
    let b = session(&store, &bank, &source, 1);
    // `quiz` lists it as in use, b (newer) first and resumable.
    let mut p = Picker::new(0);
    let outcome = quiz::run(&bank, &store, &mut p, options(Start::Ask, &source)).unwrap();
    let listed = &p.asked[0].1;
    let busy: Vec<&String> = listed
        .iter()
        .filter(|o| o.contains("in use in another window"))
        .collect();
    assert_eq!(busy.len(), 1, "{listed:?}");
    assert!(
        busy[0].contains(&a.id) && listed[0].contains(&b.id),
        "{listed:?}"
    );
    assert_eq!(answered(outcome), 1);
    // Choosing the one in use is refused, not silently replaced.
    let mut p = Picker::new(1);
    match quiz::run(&bank, &store, &mut p, options(Start::Ask, &source)) {
        Err(QuizError::Store(skillgap::Error::SessionInUse { id })) => assert_eq!(id, a.id),
        other => panic!("{other:?}"),
    }
    assert_eq!(store.session(&a.id).unwrap().answers.len(), 3);
}

#[test]
fn answers_saved_by_another_window_before_the_lock_are_kept() {
    let (bank, source) = mini();
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let a = session(&store, &bank, &source, 1);
    // While this window shows "Resume it?", another one answers three more and pauses.
    let writer = Store::open(dir.path()).unwrap();
    let mut newer = a.clone();
    for id in newer.plan[1..4].iter().cloned() {
        newer.answers.insert(id, Answer::Skip);
    }
    let mut p = Picker::new(0);
    p.during = Some(Box::new(move || writer.save_session(&newer).unwrap()));
    let outcome = quiz::run(&bank, &store, &mut p, options(Start::Ask, &source)).unwrap();
    assert_eq!(answered(outcome), 4, "the other window's answers are kept");
    assert_eq!(store.session(&a.id).unwrap().answers.len(), 4);
    // And when the other window finished it meanwhile, this one says so instead of resuming.
    let gone = store.sessions_dir().join(format!("{}.json", a.id));
    let mut p = Picker::new(0);
    p.during = Some(Box::new(move || std::fs::remove_file(&gone).unwrap()));
    match quiz::run(&bank, &store, &mut p, options(Start::Ask, &source)) {
        Err(QuizError::Store(e)) => assert!(e.to_string().contains("is gone"), "{e}"),
        other => panic!("{other:?}"),
    }
}

/// A saved option order that is not an order of the question's options (an index past them, one
/// twice) is drawn again instead of crashing the resume or showing an option twice.
#[test]
fn a_session_with_a_broken_option_order_resumes_with_a_fresh_one() {
    let (bank, source) = mini();
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let mut s = session(&store, &bank, &source, 0);
    let at = s
        .plan
        .iter()
        .position(|id| id == "python.k1")
        .expect("python.k1 in the plan");
    for id in s.plan[..at].iter().cloned() {
        s.answers.insert(id, Answer::Skip);
    }
    s.shuffles.insert("python.k1".to_string(), vec![0, 0, 9]);
    store.save_session(&s).unwrap();
    let mut p = Picker::new(0);
    let outcome = quiz::run(&bank, &store, &mut p, options(Start::Resume, &source)).unwrap();
    assert_eq!(answered(outcome), at);
    let shown: std::collections::BTreeSet<&String> = p.question.iter().collect();
    assert_eq!(
        shown.len(),
        p.question.len(),
        "no option twice: {:?}",
        p.question
    );
    assert_eq!(
        p.question.len(),
        4,
        "three options and I don't know: {:?}",
        p.question
    );
    let saved = store.session(&s.id).unwrap();
    let mut order = saved.shuffles["python.k1"].clone();
    order.sort_unstable();
    assert_eq!(order, [0, 1, 2]);
}

/// A finished quiz prints as saved only what is on disk: a result already under the session's id
/// (a run that stopped between saving it and removing the session) is the one shown when it holds
/// the same answers, and is never overwritten when it holds others; those get an id of their own.
#[test]
fn a_finished_quiz_shows_only_what_is_saved() {
    let (bank, source) = mini();
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let all = quiz::full_plan(&bank, &[]).len();
    let finish = |s: &Session| {
        let mut p = Picker::new(0);
        match quiz::run(
            &bank,
            &store,
            &mut p,
            options(Start::ResumeId(s.id.clone()), &source),
        ) {
            Ok(Outcome::Finished(r)) => *r,
            other => panic!("{other:?}"),
        }
    };

    // The same answers saved already: that result, as it is on disk, not a second one.
    let s = session(&store, &bank, &source, all);
    let first = finish(&s);
    let on_disk = store.find_result(&s.id).unwrap();
    assert_eq!((&first.id, &first.answers), (&on_disk.id, &on_disk.answers));
    store.save_session(&s).unwrap();
    let again = finish(&s);
    assert_eq!(again, on_disk, "the saved result, as read back");
    assert_eq!(store.results().0.len(), 1);

    // Other answers under that id: both kept, and what is shown is what was saved.
    let mut other = s.clone();
    other
        .answers
        .insert("python.self".to_string(), Answer::Choice(3));
    store.save_session(&other).unwrap();
    let shown = finish(&other);
    assert_ne!(shown.id, s.id, "the earlier result is not overwritten");
    assert_eq!(store.find_result(&s.id).unwrap(), on_disk);
    assert_eq!(store.find_result(&shown.id).unwrap().answers, other.answers);
    assert_eq!(shown.answers, other.answers);
    assert_eq!(store.results().0.len(), 2);
}
