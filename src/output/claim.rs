//! Result folders are never silently replaced: before a command writes into a folder, the
//! folder must be absent or empty, or hold the same result (the same identity in its
//! manifest), or the user must have said `--force`.

use std::path::Path;

use serde_json::Value;

use crate::Error;

/// What a result folder holds, as the file that says so records it.
pub struct Identity<'a> {
    /// The file in the folder that records it (`manifest.json`, `sweep.json`).
    pub file: &'static str,
    /// The fields of that file that must agree for the result to be the same.
    pub fields: Value,
    /// How to write elsewhere instead, for the message.
    pub elsewhere: &'a str,
}

/// Checks that `dir` may receive the result `identity` describes.
pub fn claim(dir: &Path, identity: &Identity<'_>, force: bool) -> Result<(), Error> {
    let occupied = |reason: String| Error::Occupied {
        path: dir.to_path_buf(),
        reason,
        elsewhere: identity.elsewhere.to_string(),
    };
    let Ok(mut entries) = std::fs::read_dir(dir) else {
        return Ok(());
    };
    if force || entries.next().is_none() {
        return Ok(());
    }
    let recorded = std::fs::read_to_string(dir.join(identity.file))
        .ok()
        .and_then(|t| serde_json::from_str::<Value>(&t).ok())
        .ok_or_else(|| {
            occupied(format!(
                "holds files but no readable {}: it is not a coexist result folder",
                identity.file
            ))
        })?;
    let Value::Object(fields) = &identity.fields else {
        return Ok(());
    };
    let mut differ = Vec::new();
    for (key, value) in fields {
        differences(key, &recorded[key.as_str()], value, &mut differ);
    }
    if differ.is_empty() {
        return Ok(());
    }
    let shown: Vec<&str> = differ.iter().take(3).map(String::as_str).collect();
    let more = differ.len().saturating_sub(shown.len());
    let tail = if more > 0 {
        format!(" and {more} more")
    } else {
        String::new()
    };
    Err(occupied(format!(
        "holds a different result (it differs in {}{tail})",
        shown.join(", ")
    )))
}

/// Whether `dir` holds exactly the result `identity` describes (a result to reuse).
pub fn holds(dir: &Path, identity: &Identity<'_>) -> bool {
    let recorded = std::fs::read_to_string(dir.join(identity.file))
        .ok()
        .and_then(|t| serde_json::from_str::<Value>(&t).ok());
    let (Some(recorded), Value::Object(fields)) = (recorded, &identity.fields) else {
        return false;
    };
    let mut differ = Vec::new();
    for (key, value) in fields {
        differences(key, &recorded[key.as_str()], value, &mut differ);
    }
    differ.is_empty()
}

/// The dotted paths at which `old` and `new` differ.
fn differences(path: &str, old: &Value, new: &Value, out: &mut Vec<String>) {
    match (old, new) {
        (Value::Object(a), Value::Object(b)) => {
            for key in a.keys().chain(b.keys().filter(|k| !a.contains_key(*k))) {
                let at = format!("{path}.{key}");
                differences(
                    &at,
                    a.get(key).unwrap_or(&Value::Null),
                    b.get(key).unwrap_or(&Value::Null),
                    out,
                );
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                differences(&format!("{path}.{i}"), x, y, out);
            }
        }
        (a, b) if a != b => out.push(path.to_string()),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn identity(seed: u64) -> Identity<'static> {
        Identity {
            file: "manifest.json",
            fields: serde_json::json!({ "seed": seed, "scenario": { "rounds": 10 } }),
            elsewhere: "--name NAME",
        }
    }

    #[test]
    fn an_absent_or_empty_folder_may_be_written() {
        let dir = tempfile::tempdir().unwrap();
        assert!(claim(&dir.path().join("new"), &identity(1), false).is_ok());
        assert!(claim(dir.path(), &identity(1), false).is_ok());
    }

    #[test]
    fn the_same_result_may_be_rewritten_and_a_different_one_is_refused_unless_forced() {
        let dir = tempfile::tempdir().unwrap();
        let manifest = r#"{"tool": "coexist", "seed": 1, "scenario": {"rounds": 10}, "command": ["x"]}"#;
        std::fs::write(dir.path().join("manifest.json"), manifest).unwrap();
        assert!(claim(dir.path(), &identity(1), false).is_ok());
        let err = claim(dir.path(), &identity(2), false).unwrap_err().to_string();
        assert!(
            err.contains("differs in seed") && err.contains("--name NAME") && err.contains("--force"),
            "{err}"
        );
        assert_eq!(claim(dir.path(), &identity(2), false).unwrap_err().exit_code(), 2);
        assert!(claim(dir.path(), &identity(2), true).is_ok());
    }

    #[test]
    fn a_folder_of_other_files_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("thesis.tex"), "precious").unwrap();
        let err = claim(dir.path(), &identity(1), false).unwrap_err().to_string();
        assert!(err.contains("not a coexist result folder"), "{err}");
    }
}
