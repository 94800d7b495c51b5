//! Writes N result exports (`export --format json`, named) of people with random levels, for
//! timing `skillgap team` (`benches/team.sh`).
//!
//! ```sh
//! cargo run --release --example team_exports -- /tmp/skillgap-team-bench 10000
//! ```
//! Each person has a general level and each skill its own part (level = 2 + g + u, clamped to
//! 0–4) and answers the built-in bank as a persona does (right exactly when their level reaches a
//! check's); the result is scored by the engine and exported with the name "Member i". The same
//! N gives the same files (seeded by each person's index), whatever the number of threads.

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Normal};
use skillgap::bank::{self, BankSource};
use skillgap::simulate::persona::Persona;
use skillgap::store::{BankStamp, Mode, NamedExport, SavedResult};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn write_one(bank: &bank::Bank, dir: &Path, i: usize) {
    let mut rng = ChaCha8Rng::seed_from_u64(16_000 + i as u64);
    let g: f64 = Normal::new(0.0, 0.8).unwrap().sample(&mut rng);
    let own: Normal<f64> = Normal::new(0.0, 0.9).unwrap();
    let levels: BTreeMap<String, f64> = bank
        .skills()
        .iter()
        .map(|s| {
            (
                s.id.clone(),
                (2.0 + g + own.sample(&mut rng)).clamp(0.0, 4.0),
            )
        })
        .collect();
    let persona = Persona {
        id: format!("p{i}"),
        name: format!("Member {i}"),
        description: String::new(),
        default_level: 0.0,
        levels,
        self_ratings: BTreeMap::new(),
        interests: BTreeMap::new(),
        background: BTreeMap::new(),
    };
    let answers = persona.answers(bank);
    let assessment = skillgap::score::assess(bank, &answers);
    let mut result = SavedResult::new(
        format!("b{i:06}"),
        Mode::Answers,
        BankStamp::of(bank, &BankSource::Builtin),
        answers.clone(),
        assessment,
    );
    result.versions = answers.versions(bank);
    let name = format!("Member {i}");
    let export = NamedExport {
        result: &result,
        name: Some(&name),
    };
    let json = serde_json::to_string_pretty(&export).expect("exports serialise");
    std::fs::write(dir.join(format!("member{i:05}.json")), json).expect("write an export");
}

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(
        args.next()
            .unwrap_or_else(|| "/tmp/skillgap-team-bench".into()),
    );
    let n: usize = args
        .next()
        .map_or(10_000, |n| n.parse().expect("a number of exports"));
    std::fs::create_dir_all(&dir).expect("create the directory");
    let bank = bank::load(&BankSource::Builtin).expect("the built-in bank loads");
    let threads = std::thread::available_parallelism().map_or(1, |t| t.get());
    std::thread::scope(|scope| {
        for t in 0..threads {
            let (bank, dir) = (&bank, &dir);
            scope.spawn(move || {
                for i in (t..n).step_by(threads) {
                    write_one(bank, dir, i);
                }
            });
        }
    });
    println!("wrote {n} exports to {}", dir.display());
}
