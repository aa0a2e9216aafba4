//! The output folders: made ready (and only replaced when an earlier run wrote them), and
//! written through a counter, for the summary line.

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::Path;

/// The file that marks a folder as xiezuo-gen output, so a rerun may replace it.
pub const MARKER: &str = ".xiezuo-gen";

/// Makes `dir` ready to write: created if missing; emptied if an earlier run wrote it.
pub fn prepare(dir: &Path, note: &str) -> io::Result<()> {
    if dir.exists() {
        let empty = fs::read_dir(dir)?.next().is_none();
        if !empty && !dir.join(MARKER).exists() {
            return Err(io::Error::other(format!(
                "{} is not empty and was not written by xiezuo-gen; refusing to replace it",
                dir.display()
            )));
        }
        fs::remove_dir_all(dir)?;
    }
    fs::create_dir_all(dir)?;
    fs::write(dir.join(MARKER), note)
}

/// Writes files and counts their bytes.
#[derive(Default)]
pub struct Files {
    pub bytes: u64,
}

impl Files {
    pub fn write(
        &mut self,
        path: &Path,
        build: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<()> {
        let file = File::create(path).map_err(|err| with_path(err, path))?;
        let mut writer = Counting {
            inner: BufWriter::with_capacity(64 * 1024, file),
            bytes: 0,
        };
        build(&mut writer).map_err(|err| with_path(err, path))?;
        writer.inner.flush().map_err(|err| with_path(err, path))?;
        self.bytes += writer.bytes;
        Ok(())
    }

    /// Writes `text` as it is.
    pub fn text(&mut self, path: &Path, text: &str) -> io::Result<()> {
        self.write(path, |w| w.write_all(text.as_bytes()))
    }
}

struct Counting<W> {
    inner: W,
    bytes: u64,
}

impl<W: Write> Write for Counting<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

fn with_path(err: io::Error, path: &Path) -> io::Error {
    io::Error::new(err.kind(), format!("{}: {err}", path.display()))
}
