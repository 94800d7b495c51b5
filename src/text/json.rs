//! JSON objects whose keys are unique. serde's derived structs refuse a field given twice, but
//! its maps (and `serde_json::Value`) silently keep the last value of a repeated key, so a bank,
//! answer or saved file could say two things and be read as one of them without a word. Every
//! map in those formats is read with [`unique_keys`]; a bank file, read as untyped JSON first,
//! is checked whole with [`first_duplicate`].

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use std::collections::BTreeMap;
use std::collections::btree_map::Entry;
use std::fmt;
use std::marker::PhantomData;

/// `duplicate key `KEY``, the key's control characters escaped (it is quoted back to a terminal).
fn duplicate<E: de::Error>(key: &str) -> E {
    E::custom(format_args!(
        "duplicate key `{}`",
        super::escape_controls(key)
    ))
}

/// For `#[serde(deserialize_with = "crate::text::json::unique_keys")]` on a map field: reads a
/// JSON object into a map, refusing a key given twice ("duplicate key `x`"; serde_json adds the
/// line and column).
pub(crate) fn unique_keys<'de, D, V>(d: D) -> Result<BTreeMap<String, V>, D::Error>
where
    D: Deserializer<'de>,
    V: Deserialize<'de>,
{
    struct Unique<V>(PhantomData<V>);

    impl<'de, V: Deserialize<'de>> Visitor<'de> for Unique<V> {
        type Value = BTreeMap<String, V>;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a JSON object")
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut out = BTreeMap::new();
            // The key is checked before its value is read, so the error points at the key.
            while let Some(key) = map.next_key::<String>()? {
                match out.entry(key) {
                    Entry::Occupied(e) => return Err(duplicate(e.key())),
                    Entry::Vacant(e) => {
                        e.insert(map.next_value()?);
                    }
                }
            }
            Ok(out)
        }
    }

    d.deserialize_map(Unique(PhantomData))
}

/// A key found twice in one object of a JSON document: the key, and the JSON path of the object
/// (`questions[3].learn`; empty at the top level).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Duplicate {
    pub(crate) key: String,
    pub(crate) path: String,
    /// 1-based, where the second use of the key ends.
    pub(crate) line: usize,
    /// 1-based, in bytes, as serde_json counts.
    pub(crate) column: usize,
}

/// The first key repeated within one object anywhere in `text`, if any. `text` must be valid
/// JSON (a syntax error is reported by whoever parses it; here it only ends the search).
pub(crate) fn first_duplicate(text: &str) -> Option<Duplicate> {
    let mut found = None;
    let mut de = serde_json::Deserializer::from_str(text);
    let walked = Walk {
        path: String::new(),
        found: &mut found,
    }
    .deserialize(&mut de);
    match (walked, found) {
        (Err(e), Some((key, path))) => Some(Duplicate {
            key,
            path,
            line: e.line(),
            column: e.column(),
        }),
        _ => None,
    }
}

/// Walks any JSON value, keeping the path, and stops at the first repeated key (recording it).
struct Walk<'f> {
    path: String,
    found: &'f mut Option<(String, String)>,
}

impl<'de> DeserializeSeed<'de> for Walk<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Walk<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut i = 0usize;
        loop {
            let item = Walk {
                path: format!("{}[{i}]", self.path),
                found: &mut *self.found,
            };
            if seq.next_element_seed(item)?.is_none() {
                return Ok(());
            }
            i += 1;
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut seen = std::collections::HashSet::new();
        while let Some(key) = map.next_key::<String>()? {
            if seen.contains(&key) {
                let e = duplicate(&key);
                *self.found = Some((key, self.path));
                return Err(e);
            }
            let path = if self.path.is_empty() {
                key.clone()
            } else {
                format!("{}.{key}", self.path)
            };
            map.next_value_seed(Walk {
                path,
                found: &mut *self.found,
            })?;
            seen.insert(key);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::{first_duplicate, unique_keys};
    use std::collections::BTreeMap;

    #[derive(Debug, serde::Deserialize)]
    struct Doc {
        #[serde(deserialize_with = "unique_keys")]
        #[allow(dead_code)]
        map: BTreeMap<String, u32>,
    }

    #[test]
    fn a_repeated_key_is_an_error_naming_it_and_where() {
        let e = serde_json::from_str::<Doc>("{\"map\": {\"a\": 1,\n \"b\": 2, \"a\": 3}}")
            .unwrap_err()
            .to_string();
        assert_eq!(e, "duplicate key `a` at line 2 column 12");
        assert!(serde_json::from_str::<Doc>(r#"{"map": {"a": 1, "b": 2}}"#).is_ok());
        let e = serde_json::from_str::<Doc>("{\"map\": {\"\\u001b\": 1, \"\\u001b\": 1}}")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("duplicate key `\\u{1b}`"), "{e}");
    }

    #[test]
    fn the_first_repeated_key_anywhere_is_found_with_its_path() {
        let d = first_duplicate(r#"{"a": [1, {"b": {"c": 1, "d": 2, "c": 3}}], "a": 0}"#).unwrap();
        assert_eq!((d.key.as_str(), d.path.as_str()), ("c", "a[1].b"));
        assert_eq!((d.line, d.column), (1, 36));
        let d = first_duplicate(r#"{"x": 1, "x": 2}"#).unwrap();
        assert_eq!((d.key.as_str(), d.path.as_str()), ("x", ""));
        assert_eq!(
            first_duplicate(r#"{"a": {"a": {"a": 1}}, "b": [{"a": 1}, {"a": 2}]}"#),
            None
        );
        assert_eq!(first_duplicate("not json"), None);
    }
}
