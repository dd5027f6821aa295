//! The terminal progress bar: shown on stderr for large files, hidden when stderr is not a
//! terminal (indicatif's stderr target does that), so pipes and CI logs stay clean.

use std::path::Path;

use indicatif::{ProgressBar, ProgressStyle};
use opendata::table::Progress;

/// Files smaller than this finish before a bar would be seen.
const SHOW_FROM_BYTES: u64 = 4 * 1024 * 1024;

pub struct Bar(Option<ProgressBar>);

/// A byte-based bar for a file on disk, or no bar for small files and standard input.
pub fn for_file(path: &Path) -> Bar {
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    if size < SHOW_FROM_BYTES {
        return Bar(None);
    }
    let bar = ProgressBar::new(size);
    if let Ok(style) =
        ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} {bytes_per_sec} eta {eta}")
    {
        bar.set_style(style);
    }
    Bar(Some(bar))
}

impl Bar {
    pub fn update(&self, progress: Progress) {
        if let Some(bar) = &self.0 {
            bar.set_position(progress.bytes);
        }
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}
