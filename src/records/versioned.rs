//! Reading one versioned JSON record: every JSON record kind carries a
//! `schema` number, and a reader takes only the number it knows.
//!
//! The owners of the record kinds (`inspect::record`, `backup::record`,
//! `runbook::record`) read through [`read_versioned`], so that a report
//! names a record it cannot use in the same words whatever its kind:
//! `cannot be read: …`, `unknown schema N (this version reads M)`,
//! `damaged: …`. The file is read with [`super::layout::read_record`],
//! which never follows a symbolic link.

use serde::Deserialize;
use serde::de::DeserializeOwned;
use std::fmt;
use std::path::Path;

/// A record kind that carries its schema number.
pub trait Versioned: DeserializeOwned {
    /// The schema this version of `ops` writes and reads.
    const SCHEMA: u32;

    /// The schema the record says it has.
    fn schema(&self) -> u32;
}

/// Why a record could not be used.
#[derive(Debug)]
pub enum Unusable {
    /// The file could not be read (missing, a symbolic link, not a regular file...).
    CannotRead(std::io::Error),
    /// It says it has another schema. `parsed` is whether it nevertheless
    /// read as a record of the schema this version knows.
    UnknownSchema {
        found: u32,
        reads: u32,
        parsed: bool,
    },
    /// Not a record of the schema this version knows, and no other schema named.
    Damaged(serde_json::Error),
}

impl fmt::Display for Unusable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unusable::CannotRead(e) => write!(f, "cannot be read: {e}"),
            Unusable::UnknownSchema {
                found,
                parsed: true,
                ..
            } => write!(f, "unknown schema {found}"),
            Unusable::UnknownSchema {
                found,
                reads,
                parsed: false,
            } => write!(f, "unknown schema {found} (this version reads {reads})"),
            Unusable::Damaged(e) => write!(f, "damaged: {e}"),
        }
    }
}

impl std::error::Error for Unusable {}

#[derive(Deserialize)]
struct SchemaOnly {
    schema: Option<u32>,
}

/// Read the record at `path` as a `T` of schema [`Versioned::SCHEMA`].
pub fn read_versioned<T: Versioned>(path: &Path) -> Result<T, Unusable> {
    let text = super::layout::read_record(path).map_err(Unusable::CannotRead)?;
    parse_versioned(&text)
}

/// [`read_versioned`] on text already read.
pub fn parse_versioned<T: Versioned>(text: &str) -> Result<T, Unusable> {
    match serde_json::from_str::<T>(text) {
        Ok(record) if record.schema() == T::SCHEMA => Ok(record),
        Ok(record) => Err(Unusable::UnknownSchema {
            found: record.schema(),
            reads: T::SCHEMA,
            parsed: true,
        }),
        Err(err) => match serde_json::from_str::<SchemaOnly>(text) {
            Ok(SchemaOnly {
                schema: Some(found),
            }) if found != T::SCHEMA => Err(Unusable::UnknownSchema {
                found,
                reads: T::SCHEMA,
                parsed: false,
            }),
            _ => Err(Unusable::Damaged(err)),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct Rec {
        schema: u32,
        #[allow(dead_code)]
        name: String,
    }

    impl Versioned for Rec {
        const SCHEMA: u32 = 1;
        fn schema(&self) -> u32 {
            self.schema
        }
    }

    fn why(text: &str) -> String {
        parse_versioned::<Rec>(text).err().unwrap().to_string()
    }

    #[test]
    fn an_unusable_record_is_named_in_the_same_words_for_every_kind() {
        assert!(parse_versioned::<Rec>(r#"{"schema": 1, "name": "a"}"#).is_ok());
        assert_eq!(
            why(r#"{"schema": 99, "x": true}"#),
            "unknown schema 99 (this version reads 1)"
        );
        assert_eq!(why(r#"{"schema": 2, "name": "a"}"#), "unknown schema 2");
        assert!(why(r#"{"schema": 1, "na"#).starts_with("damaged: "));
        assert!(why(r#"{"schema": 1}"#).starts_with("damaged: "));
        let dir = tempfile::tempdir().unwrap();
        let err = read_versioned::<Rec>(&dir.path().join("none.json"))
            .err()
            .unwrap()
            .to_string();
        assert!(err.starts_with("cannot be read: "), "{err}");
    }
}
