//! A byte-level pass over the decoded stream, run just ahead of the CSV parser.
//!
//! The `csv` crate is lenient by design: it skips empty lines, takes stray quotes
//! literally and ends an unclosed quoted field at the end of the file. Those are exactly
//! the things a publisher must be told about, so this scanner follows the same state
//! machine as `csv-core` and records them with their physical row, and it stops a runaway
//! cell before the parser buffers gigabytes of it.

use std::collections::VecDeque;
use std::io::{self, Read};

/// Something the scanner saw that the parser hides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum RawEvent {
    /// A line with nothing on it (skipped by the parser).
    BlankLine { row: u64 },
    /// A quote inside an unquoted field, or text right after a closing quote.
    StrayQuote { row: u64, offset: u64 },
    /// A quoted field still open at the end of the input.
    UnclosedQuote { row: u64, offset: u64 },
}

/// Why the scanner stopped the input early.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Abort {
    /// A cell grew past the limit.
    CellTooLarge { row: u64, bytes: u64 },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    FieldStart,
    Unquoted,
    Quoted,
    /// A quote seen inside a quoted field: either an escaped quote or the closing one.
    QuoteInQuoted,
    /// After a closing quote followed by more text: the rest of the field is literal.
    AfterStray,
}

/// Line-ending tallies for terminators outside quotes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct LineEndings {
    pub lf: u64,
    pub crlf: u64,
    pub cr: u64,
}

/// The scanner state; see the module docs.
#[derive(Debug)]
pub(crate) struct RawScanner {
    delimiter: u8,
    quote: u8,
    max_cell_bytes: u64,
    state: State,
    /// Offset in the decoded stream of the next byte.
    offset: u64,
    /// 1-based physical row of the record being scanned.
    row: u64,
    record_empty: bool,
    field_start: u64,
    quote_open_offset: u64,
    last_was_cr: bool,
    pub endings: LineEndings,
    pub events: VecDeque<RawEvent>,
    pub abort: Option<Abort>,
    /// Bytes that end an unquoted run: delimiter, quote, CR, LF.
    special: [bool; 256],
}

impl RawScanner {
    pub(crate) fn new(delimiter: u8, quote: u8, max_cell_bytes: u64) -> Self {
        Self {
            delimiter,
            quote,
            max_cell_bytes,
            state: State::FieldStart,
            offset: 0,
            row: 1,
            record_empty: true,
            field_start: 0,
            quote_open_offset: 0,
            last_was_cr: false,
            endings: LineEndings::default(),
            events: VecDeque::new(),
            abort: None,
            special: {
                let mut special = [false; 256];
                for b in [delimiter, quote, b'\r', b'\n'] {
                    special[usize::from(b)] = true;
                }
                special
            },
        }
    }

    /// A field ends at `at`; one over the limit stops the input even when it was closed
    /// within the chunk being fed.
    fn end_field(&mut self, at: u64) {
        let len = at.saturating_sub(self.field_start);
        if self.abort.is_none() && len > self.max_cell_bytes {
            self.abort = Some(Abort::CellTooLarge {
                row: self.row,
                bytes: len,
            });
        }
        self.field_start = at + 1;
    }

    fn end_record(&mut self, at: u64) {
        self.end_field(at);
        if self.record_empty {
            self.events.push_back(RawEvent::BlankLine { row: self.row });
        }
        self.row += 1;
        self.record_empty = true;
        self.state = State::FieldStart;
    }

    /// Feeds the next decoded bytes.
    pub(crate) fn feed(&mut self, bytes: &[u8]) {
        let n = bytes.len();
        let mut i = 0;
        while i < n {
            // Skip runs of bytes that cannot change the state: everything but the quote
            // inside quotes, everything but delimiter, quote and line breaks outside.
            match self.state {
                State::Quoted => match memchr::memchr(self.quote, &bytes[i..]) {
                    Some(0) => {}
                    Some(k) => {
                        self.last_was_cr = false;
                        i += k;
                    }
                    None => {
                        self.last_was_cr = false;
                        break;
                    }
                },
                State::Unquoted | State::AfterStray => {
                    let start = i;
                    while i < n && !self.special[usize::from(bytes[i])] {
                        i += 1;
                    }
                    if i > start {
                        self.last_was_cr = false;
                    }
                    if i == n {
                        break;
                    }
                }
                _ => {}
            }
            let b = bytes[i];
            let at = self.offset + i as u64;
            i += 1;
            let was_cr = std::mem::replace(&mut self.last_was_cr, false);
            let in_quotes = matches!(self.state, State::Quoted);
            if !in_quotes && (b == b'\n' || b == b'\r') {
                if b == b'\n' && was_cr {
                    // Second half of a CRLF already counted as a terminator.
                    self.endings.cr -= 1;
                    self.endings.crlf += 1;
                    self.field_start = at + 1;
                    continue;
                }
                if b == b'\r' {
                    self.endings.cr += 1;
                    self.last_was_cr = true;
                } else {
                    self.endings.lf += 1;
                }
                self.end_record(at);
                continue;
            }
            self.record_empty = false;
            match self.state {
                State::FieldStart => {
                    if b == self.quote {
                        self.state = State::Quoted;
                        self.quote_open_offset = at;
                    } else if b == self.delimiter {
                        self.end_field(at);
                    } else {
                        self.state = State::Unquoted;
                    }
                }
                State::Unquoted | State::AfterStray => {
                    if b == self.delimiter {
                        self.state = State::FieldStart;
                        self.end_field(at);
                    } else if b == self.quote && self.state == State::Unquoted {
                        self.events.push_back(RawEvent::StrayQuote {
                            row: self.row,
                            offset: at,
                        });
                        self.state = State::AfterStray;
                    }
                }
                State::Quoted => {
                    if b == self.quote {
                        self.state = State::QuoteInQuoted;
                    }
                }
                State::QuoteInQuoted => {
                    if b == self.quote {
                        self.state = State::Quoted;
                    } else if b == self.delimiter {
                        self.state = State::FieldStart;
                        self.end_field(at);
                    } else {
                        self.events.push_back(RawEvent::StrayQuote {
                            row: self.row,
                            offset: at,
                        });
                        self.state = State::AfterStray;
                    }
                }
            }
        }
        self.offset += bytes.len() as u64;
        let open_cell = self.offset.saturating_sub(self.field_start);
        if self.abort.is_none() && open_cell > self.max_cell_bytes {
            self.abort = Some(Abort::CellTooLarge {
                row: self.row,
                bytes: open_cell,
            });
        }
    }

    /// Called at the end of the input.
    pub(crate) fn finish(&mut self) {
        if self.state == State::Quoted {
            self.events.push_back(RawEvent::UnclosedQuote {
                row: self.row,
                offset: self.quote_open_offset,
            });
        }
    }
}

/// Marker error the reader returns to stop the parser; the real reason is in `abort`.
#[derive(Debug)]
pub(crate) struct Aborted;

impl std::fmt::Display for Aborted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("input stopped by a limit")
    }
}

impl std::error::Error for Aborted {}

/// A `Read` adaptor that feeds everything it hands out through a [`RawScanner`].
pub(crate) struct ScanReader<R> {
    inner: R,
    pub scanner: RawScanner,
    finished: bool,
}

impl<R: Read> ScanReader<R> {
    pub(crate) fn new(inner: R, scanner: RawScanner) -> Self {
        Self {
            inner,
            scanner,
            finished: false,
        }
    }

    pub(crate) fn inner(&self) -> &R {
        &self.inner
    }
}

impl<R: Read> Read for ScanReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.scanner.abort.is_some() {
            return Err(io::Error::other(Aborted));
        }
        let n = self.inner.read(buf)?;
        if n == 0 {
            if !self.finished {
                self.finished = true;
                self.scanner.finish();
            }
        } else {
            self.scanner.feed(&buf[..n]);
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(input: &[u8]) -> RawScanner {
        let mut s = RawScanner::new(b',', b'"', 1 << 20);
        s.feed(input);
        s.finish();
        s
    }

    #[test]
    fn counts_line_endings() {
        let s = scan(b"a\nb\r\nc\rd\r\n");
        assert_eq!(
            s.endings,
            LineEndings {
                lf: 1,
                crlf: 2,
                cr: 1
            }
        );
    }

    #[test]
    fn crlf_split_across_feeds_is_one_terminator() {
        let mut s = RawScanner::new(b',', b'"', 1 << 20);
        s.feed(b"a\r");
        s.feed(b"\nb\r\n");
        s.finish();
        assert_eq!(
            s.endings,
            LineEndings {
                lf: 0,
                crlf: 2,
                cr: 0
            }
        );
        assert!(s.events.is_empty());
    }

    #[test]
    fn blank_lines_have_their_row() {
        let s = scan(b"a\n\nb\n\n");
        let rows: Vec<_> = s.events.iter().cloned().collect();
        assert_eq!(
            rows,
            vec![
                RawEvent::BlankLine { row: 2 },
                RawEvent::BlankLine { row: 4 }
            ]
        );
    }

    #[test]
    fn quoted_newlines_stay_in_one_row() {
        let s = scan(b"a,\"x\ny\"\n\nb\n");
        assert_eq!(
            s.events.iter().cloned().collect::<Vec<_>>(),
            vec![RawEvent::BlankLine { row: 2 }]
        );
    }

    #[test]
    fn stray_and_unclosed_quotes() {
        let s = scan(b"a,b\"c\n\"x\"y,z\n\"open,\n");
        let events: Vec<_> = s.events.iter().cloned().collect();
        assert_eq!(
            events,
            vec![
                RawEvent::StrayQuote { row: 1, offset: 3 },
                RawEvent::StrayQuote { row: 2, offset: 9 },
                RawEvent::UnclosedQuote { row: 3, offset: 13 },
            ]
        );
    }

    #[test]
    fn escaped_quotes_are_fine() {
        let s = scan(b"\"say \"\"hi\"\"\",b\n");
        assert!(s.events.is_empty());
    }

    #[test]
    fn long_cell_aborts() {
        let mut s = RawScanner::new(b',', b'"', 10);
        s.feed(b"a,0123456789abc");
        assert_eq!(s.abort, Some(Abort::CellTooLarge { row: 1, bytes: 13 }));
    }
}
