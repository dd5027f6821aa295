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
    /// Offset of the last CR that ended a record, to pair it with a following LF.
    record_cr_at: Option<u64>,
    /// Offset of the first byte not yet stepped through the state machine. Bytes between
    /// it and the next special byte are ordinary and are accounted for in one go.
    next_unseen: u64,
    pub endings: LineEndings,
    pub events: VecDeque<RawEvent>,
    pub abort: Option<Abort>,
}

/// The quote bytes and the special bytes (quote, delimiter, CR, LF) of 16 bytes, one bit
/// each. The compiler does not find the vector form of the plain loop by itself, so the
/// targets we ship to get it spelled out: SSE2 is always there on x86-64, and the wasm
/// build enables simd128.
#[cfg(target_arch = "x86_64")]
fn lane_masks(lane: &[u8], quote: u8, delimiter: u8) -> (u16, u16) {
    // SAFETY: SSE2 is part of the x86-64 baseline, so every CPU this runs on has it.
    unsafe { lane_masks_sse2(lane, quote, delimiter) }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
fn lane_masks_sse2(lane: &[u8], quote: u8, delimiter: u8) -> (u16, u16) {
    use std::arch::x86_64::{
        __m128i, _mm_cmpeq_epi8, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8, _mm_set_epi64x,
    };
    let half = |at: usize| {
        let mut word = [0u8; 8];
        word.copy_from_slice(&lane[at..at + 8]);
        i64::from_le_bytes(word)
    };
    let v = _mm_set_epi64x(half(8), half(0));
    let eq = |b: u8| -> __m128i { _mm_cmpeq_epi8(v, _mm_set1_epi8(b as i8)) };
    let quotes = eq(quote);
    let special = _mm_or_si128(
        _mm_or_si128(quotes, eq(delimiter)),
        _mm_or_si128(eq(b'\n'), eq(b'\r')),
    );
    // movemask fills only the low 16 bits.
    (
        _mm_movemask_epi8(quotes) as u16,
        _mm_movemask_epi8(special) as u16,
    )
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
fn lane_masks(lane: &[u8], quote: u8, delimiter: u8) -> (u16, u16) {
    use std::arch::wasm32::{u64x2, u8x16_bitmask, u8x16_eq, u8x16_splat, v128_or};
    let half = |at: usize| {
        let mut word = [0u8; 8];
        word.copy_from_slice(&lane[at..at + 8]);
        u64::from_le_bytes(word)
    };
    let v = u64x2(half(0), half(8));
    let eq = |b: u8| u8x16_eq(v, u8x16_splat(b));
    let quotes = eq(quote);
    let special = v128_or(
        v128_or(quotes, eq(delimiter)),
        v128_or(eq(b'\n'), eq(b'\r')),
    );
    (u8x16_bitmask(quotes), u8x16_bitmask(special))
}

#[cfg(not(any(
    target_arch = "x86_64",
    all(target_arch = "wasm32", target_feature = "simd128")
)))]
fn lane_masks(lane: &[u8], quote: u8, delimiter: u8) -> (u16, u16) {
    let (mut quotes, mut special) = (0u16, 0u16);
    for (i, &b) in lane.iter().enumerate() {
        let is_quote = b == quote;
        let is_break = (b == delimiter) | (b == b'\n') | (b == b'\r');
        quotes |= u16::from(is_quote) << i;
        special |= u16::from(is_quote | is_break) << i;
    }
    (quotes, special)
}

/// Bytes at or past `i` in a 64-byte block.
fn from_bit(i: u32) -> u64 {
    u64::MAX.checked_shl(i).unwrap_or(0)
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
            record_cr_at: None,
            next_unseen: 0,
            endings: LineEndings::default(),
            events: VecDeque::new(),
            abort: None,
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
    ///
    /// Only the delimiter, the quote and line breaks can change the state, so each
    /// 64-byte block is turned into bit masks of those bytes and the state machine steps
    /// through the set bits alone; inside quotes only the quote bits. This keeps the
    /// scanner well below the cost of the parse it runs beside.
    pub(crate) fn feed(&mut self, bytes: &[u8]) {
        let mut block_offset = self.offset;
        for block in bytes.chunks(64) {
            let (quotes, special) = self.masks(block);
            let mut pending = special;
            loop {
                let candidates = if self.state == State::Quoted {
                    pending & quotes
                } else {
                    pending
                };
                if candidates == 0 {
                    break;
                }
                let i = candidates.trailing_zeros();
                pending &= from_bit(i + 1);
                self.special_byte(block[i as usize], block_offset + u64::from(i));
            }
            block_offset += block.len() as u64;
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

    /// Bit masks of the quote bytes and of every special byte in a block of up to 64.
    fn masks(&self, block: &[u8]) -> (u64, u64) {
        let mut quotes = 0u64;
        let mut special = 0u64;
        let mut lanes = block.chunks_exact(16);
        for (n, lane) in lanes.by_ref().enumerate() {
            let (lane_quotes, lane_special) = lane_masks(lane, self.quote, self.delimiter);
            quotes |= u64::from(lane_quotes) << (16 * n);
            special |= u64::from(lane_special) << (16 * n);
        }
        let tail_at = block.len() - lanes.remainder().len();
        for (i, &b) in (tail_at..).zip(lanes.remainder()) {
            let is_quote = b == self.quote;
            let is_break = (b == self.delimiter) | (b == b'\n') | (b == b'\r');
            quotes |= u64::from(is_quote) << i;
            special |= u64::from(is_quote | is_break) << i;
        }
        (quotes, special)
    }

    /// Steps through the ordinary bytes before `at`, as one: only the first of them can
    /// change the state (a field starts, or text follows a closing quote).
    fn ordinary_bytes_before(&mut self, at: u64) {
        if at <= self.next_unseen {
            return;
        }
        match self.state {
            State::FieldStart => self.state = State::Unquoted,
            State::QuoteInQuoted => {
                self.events.push_back(RawEvent::StrayQuote {
                    row: self.row,
                    offset: self.next_unseen,
                });
                self.state = State::AfterStray;
            }
            State::Quoted | State::Unquoted | State::AfterStray => {}
        }
        self.record_empty = false;
    }

    /// One delimiter, quote or line break at offset `at`.
    fn special_byte(&mut self, b: u8, at: u64) {
        if self.state != State::Quoted {
            self.ordinary_bytes_before(at);
        }
        self.next_unseen = at + 1;
        let in_quotes = self.state == State::Quoted;
        if !in_quotes && (b == b'\n' || b == b'\r') {
            if b == b'\n' && at > 0 && self.record_cr_at == Some(at - 1) {
                // Second half of a CRLF already counted as a terminator.
                self.endings.cr -= 1;
                self.endings.crlf += 1;
                self.field_start = at + 1;
                self.record_cr_at = None;
                return;
            }
            if b == b'\r' {
                self.endings.cr += 1;
                self.record_cr_at = Some(at);
            } else {
                self.endings.lf += 1;
            }
            self.end_record(at);
            return;
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
                }
            }
        }
    }

    /// Called at the end of the input.
    pub(crate) fn finish(&mut self) {
        if self.state != State::Quoted {
            self.ordinary_bytes_before(self.offset);
        }
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

    /// What the scanner must find, written the slow and obvious way: one byte at a time,
    /// with the states of `csv-core`. Returns (events, endings, first oversized cell).
    fn byte_by_byte(input: &[u8], max_cell: u64) -> (Vec<RawEvent>, LineEndings, Option<Abort>) {
        let (mut events, mut endings, mut abort) = (Vec::new(), LineEndings::default(), None);
        let (mut state, mut row, mut empty, mut field_start) = (State::FieldStart, 1, true, 0u64);
        let (mut open_at, mut prev_cr) = (0u64, false);
        let mut end_field = |at: u64, row: u64, field_start: &mut u64| {
            if abort.is_none() && at - *field_start > max_cell {
                abort = Some(Abort::CellTooLarge {
                    row,
                    bytes: at - *field_start,
                });
            }
            *field_start = at + 1;
        };
        for (at, &b) in (0u64..).zip(input) {
            let was_cr = std::mem::replace(&mut prev_cr, false);
            if state != State::Quoted && (b == b'\n' || b == b'\r') {
                if b == b'\n' && was_cr {
                    endings.cr -= 1;
                    endings.crlf += 1;
                    field_start = at + 1;
                    continue;
                }
                if b == b'\r' {
                    endings.cr += 1;
                    prev_cr = true;
                } else {
                    endings.lf += 1;
                }
                end_field(at, row, &mut field_start);
                if empty {
                    events.push(RawEvent::BlankLine { row });
                }
                (row, empty, state) = (row + 1, true, State::FieldStart);
                continue;
            }
            empty = false;
            let stray = RawEvent::StrayQuote { row, offset: at };
            state = match (state, b) {
                (State::FieldStart, b'"') => {
                    open_at = at;
                    State::Quoted
                }
                (
                    State::FieldStart | State::Unquoted | State::AfterStray | State::QuoteInQuoted,
                    b',',
                ) => {
                    end_field(at, row, &mut field_start);
                    State::FieldStart
                }
                (State::FieldStart, _) => State::Unquoted,
                (State::Unquoted | State::QuoteInQuoted, b)
                    if b != b'"' || state == State::Unquoted =>
                {
                    if state == State::QuoteInQuoted || b == b'"' {
                        events.push(stray);
                        State::AfterStray
                    } else {
                        State::Unquoted
                    }
                }
                (State::Quoted, b'"') => State::QuoteInQuoted,
                (State::QuoteInQuoted, _) => State::Quoted,
                (other, _) => other,
            };
        }
        if state == State::Quoted {
            events.push(RawEvent::UnclosedQuote {
                row,
                offset: open_at,
            });
        }
        let open = (input.len() as u64).saturating_sub(field_start);
        if abort.is_none() && open > max_cell {
            abort = Some(Abort::CellTooLarge { row, bytes: open });
        }
        (events, endings, abort)
    }

    proptest::proptest! {
        /// The block-wise scanner agrees with the byte-by-byte one on any mix of the bytes
        /// that matter, however the input is split into feeds.
        #[test]
        fn agrees_with_the_byte_by_byte_scanner(
            input in proptest::collection::vec(
                proptest::sample::select(b"ab ,\"\r\n".to_vec()), 0..300),
            cuts in proptest::collection::vec(0usize..300, 0..4),
        ) {
            let max_cell = 20;
            let (events, endings, abort) = byte_by_byte(&input, max_cell);
            let mut s = RawScanner::new(b',', b'"', max_cell);
            let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c.min(input.len())).collect();
            cuts.sort_unstable();
            let mut from = 0;
            for cut in cuts.into_iter().chain([input.len()]) {
                s.feed(&input[from..cut]);
                from = cut;
            }
            s.finish();
            proptest::prop_assert_eq!(s.events.into_iter().collect::<Vec<_>>(), events);
            proptest::prop_assert_eq!(s.endings, endings);
            // The scanner also stops a cell still open at the end of a feed, so it may
            // stop earlier than the end of the input, never later.
            proptest::prop_assert_eq!(s.abort.is_some(), abort.is_some());
        }
    }
}
