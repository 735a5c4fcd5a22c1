//! Errors of the library: what went wrong, where, and what is allowed.

use std::fmt;

/// Where in an input a problem was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file (or `<embedded …>`) the input came from.
    pub origin: String,
    /// 1-based line and column, when the place is known.
    pub line_col: Option<(usize, usize)>,
    /// The key path, e.g. `stages.triage.hours.mean`.
    pub key: Option<String>,
}

impl Location {
    /// A whole file, no position.
    pub fn file(origin: &str) -> Location {
        Location {
            origin: origin.to_string(),
            line_col: None,
            key: None,
        }
    }

    /// The position of byte `offset` in `text`.
    pub fn at_offset(origin: &str, text: &str, offset: usize, key: Option<String>) -> Location {
        Location {
            origin: origin.to_string(),
            line_col: Some(line_col(text, offset)),
            key,
        }
    }

    /// The place of a key path (`a.b[2].c`) in a TOML text; when the key is
    /// not in the text (it came from the defaults or `--set`), just the path.
    pub fn in_text(origin: &str, text: &str, key: &str) -> Location {
        match find_key(text, key) {
            Some(offset) => Location::at_offset(origin, text, offset, Some(key.to_string())),
            None => Location {
                origin: origin.to_string(),
                line_col: None,
                key: Some(key.to_string()),
            },
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.origin)?;
        if let Some((l, c)) = self.line_col {
            write!(f, ":{l}:{c}")?;
        }
        if let Some(k) = &self.key {
            write!(f, ": {k}")?;
            if self.line_col.is_none() {
                write!(f, " (from the defaults or --set)")?;
            }
        }
        Ok(())
    }
}

/// 1-based line and column of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The text of the line containing byte `offset`.
pub fn line_of(text: &str, offset: usize) -> Option<&str> {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    text.get(start..end)
}

/// Byte offset of the key path `a.b[2].c` in a TOML text (the key's own
/// span where the parser gives it, else its value's).
fn find_key(text: &str, key: &str) -> Option<usize> {
    use toml::de::{DeTable, DeValue};
    let doc = DeTable::parse(text).ok()?;
    let mut segments: Vec<(&str, Option<usize>)> = Vec::new();
    for part in key.split('.') {
        match part.split_once('[') {
            Some((name, idx)) => {
                let i = idx.trim_end_matches(']').parse().ok()?;
                segments.push((name, Some(i)));
            }
            None => segments.push((part, None)),
        }
    }
    let mut table = doc.get_ref();
    let mut best = None;
    for (n, (name, index)) in segments.iter().enumerate() {
        let (k, v) = table.get_key_value(*name)?;
        best = Some(k.span().start);
        let mut value = v;
        if let Some(i) = index {
            match value.get_ref() {
                DeValue::Array(a) => {
                    value = a.get(*i)?;
                    best = Some(value.span().start);
                }
                _ => return best,
            }
        }
        if n + 1 == segments.len() {
            return best;
        }
        match value.get_ref() {
            DeValue::Table(t) => table = t,
            _ => return best,
        }
    }
    best
}

/// An error of the vtsim library.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A scenario file is not valid: syntax, unknown key, type or value.
    #[error("{at}: {message}")]
    Scenario {
        /// Where the problem is.
        at: Location,
        /// What is wrong and what is allowed.
        message: String,
    },
    /// A `--set key.path=value` override is not valid.
    #[error("--set {spec}: {message}")]
    Override {
        /// The override as given.
        spec: String,
        /// What is wrong and what is allowed.
        message: String,
    },
    /// A run option is not valid (e.g. zero replications).
    #[error("{option}: {message}")]
    Options {
        /// The option, e.g. `--runs`.
        option: &'static str,
        /// What is wrong and what is allowed.
        message: String,
    },
    /// Reading or writing a file failed.
    #[error("could not {action} '{path}'")]
    Io {
        /// The path involved.
        path: String,
        /// What was being done, e.g. "read the scenario file".
        action: &'static str,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The run was interrupted (Ctrl-C) before it finished; nothing was written.
    #[error("interrupted: the run was stopped before it finished; no results were written")]
    Interrupted,
    /// The run would take too long or need too much memory.
    #[error("{0}")]
    TooBig(String),
    /// An internal invariant was violated: a bug in vtsim.
    #[error(
        "internal error (a bug in vtsim; please report it with the command you ran): {message}"
    )]
    Internal {
        /// What invariant failed.
        message: String,
    },
}

/// Result alias of the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column() {
        let t = "a = 1\nb = 2\n  c = 3\n";
        assert_eq!(line_col(t, 0), (1, 1));
        assert_eq!(line_col(t, 6), (2, 1));
        assert_eq!(line_col(t, 14), (3, 3));
        assert_eq!(line_of(t, 8), Some("b = 2"));
    }

    #[test]
    fn finds_nested_keys_and_array_elements() {
        let t = "name = \"x\"\n[stages.triage]\nhours = { mean = 3 }\n[[initial.triage]]\ncount = 2\n[[initial.triage]]\ncount = -1\n";
        let l = Location::in_text("f.toml", t, "stages.triage.hours.mean");
        assert_eq!(l.line_col, Some((3, 11)));
        let l = Location::in_text("f.toml", t, "initial.triage[1].count");
        assert_eq!(l.line_col, Some((7, 1)));
        let l = Location::in_text("f.toml", t, "effort.norm_share");
        assert_eq!(l.line_col, None);
        assert_eq!(
            l.to_string(),
            "f.toml: effort.norm_share (from the defaults or --set)"
        );
    }
}
