//! Reading a file a user hands the program: only a regular file (a device, a FIFO or a
//! folder could block or never end) and never more than a stated number of bytes, so that
//! no input makes the program hang or run out of memory.

use std::io::Read;
use std::path::Path;

/// The bytes of the regular file at `path`, of at most `max` bytes, or why not, in words
/// that follow "cannot read `path`: ".
pub fn read_bounded(path: &Path, max: u64) -> Result<Vec<u8>, String> {
    let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
    if meta.is_dir() {
        return Err("it is a folder".into());
    }
    if !meta.is_file() {
        return Err("it is not a regular file (a device, a FIFO or a socket)".into());
    }
    let too_big = || format!("it holds more than {}", bytes(max));
    if meta.len() > max {
        return Err(too_big());
    }
    let mut out = Vec::new();
    // A file that grows while it is read is still cut at the limit.
    std::fs::File::open(path)
        .and_then(|f| f.take(max + 1).read_to_end(&mut out))
        .map_err(|e| e.to_string())?;
    if out.len() as u64 > max {
        return Err(too_big());
    }
    Ok(out)
}

/// A size as a user reads it: `4 MiB`, `512 KiB`, `100 bytes`.
fn bytes(n: u64) -> String {
    match n {
        n if n >= 1 << 30 && n % (1 << 30) == 0 => format!("{} GiB", n >> 30),
        n if n >= 1 << 20 && n % (1 << 20) == 0 => format!("{} MiB", n >> 20),
        n if n >= 1 << 10 && n % (1 << 10) == 0 => format!("{} KiB", n >> 10),
        n => format!("{n} bytes"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_one_byte_over_the_limit_is_refused_with_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        std::fs::write(&path, vec![b'x'; 2049]).unwrap();
        assert_eq!(read_bounded(&path, 2048).unwrap_err(), "it holds more than 2 KiB");
        assert_eq!(read_bounded(&path, 2049).unwrap().len(), 2049);
    }

    #[test]
    fn a_device_is_refused_without_being_read() {
        let e = read_bounded(Path::new("/dev/zero"), 1 << 20).unwrap_err();
        assert!(e.contains("not a regular file"), "{e}");
    }
}
