//! A byte-level pass over the decoded stream, run just ahead of the CSV parser.
//!
//! The `csv` crate is lenient by design: it skips empty lines, takes stray quotes
//! literally and ends an unclosed quoted field at the end of the file. Those are exactly
//! the things a publisher must be told about, so this scanner follows the same state
//! machine as `csv-core` and records them with their physical row, and it stops a runaway
//! cell before the parser buffers gigabytes of it.

use std::collections::VecDeque;

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
    /// The CPU has AVX2 (detected once; the SSE2 lanes are the fallback).
    #[cfg(target_arch = "x86_64")]
    avx2: bool,
}

/// Where the bytes that matter are in a block of up to 64 bytes, one bit a byte.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Masks<T> {
    quotes: T,
    /// Quote, delimiter, CR and LF.
    special: T,
    lf: T,
    cr: T,
}

/// The masks of 16 bytes. The compiler does not find the vector form of the plain loop by
/// itself, so the targets we ship to get it spelled out: SSE2 is always there on x86-64,
/// and the wasm build enables simd128.
#[cfg(target_arch = "x86_64")]
fn lane_masks(lane: &[u8], quote: u8, delimiter: u8) -> Masks<u16> {
    // SAFETY: SSE2 is part of the x86-64 baseline, so every CPU this runs on has it.
    unsafe { lane_masks_sse2(lane, quote, delimiter) }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
fn lane_masks_sse2(lane: &[u8], quote: u8, delimiter: u8) -> Masks<u16> {
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
    let (quotes, lf, cr) = (eq(quote), eq(b'\n'), eq(b'\r'));
    let special = _mm_or_si128(_mm_or_si128(quotes, eq(delimiter)), _mm_or_si128(lf, cr));
    // movemask fills only the low 16 bits.
    let bits = |m: __m128i| _mm_movemask_epi8(m) as u16;
    Masks {
        quotes: bits(quotes),
        special: bits(special),
        lf: bits(lf),
        cr: bits(cr),
    }
}

/// The masks of a whole 64-byte block in two 32-byte compares, on CPUs with AVX2 (most
/// x86-64 machines since 2013); half the work of four SSE2 lanes on the parsing thread.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn block_masks_avx2(block: &[u8; 64], quote: u8, delimiter: u8) -> Masks<u64> {
    use std::arch::x86_64::{
        __m256i, _mm256_cmpeq_epi8, _mm256_movemask_epi8, _mm256_or_si256, _mm256_set1_epi8,
        _mm256_set_epi64x,
    };
    let word = |at: usize| {
        let mut w = [0u8; 8];
        w.copy_from_slice(&block[at..at + 8]);
        i64::from_le_bytes(w)
    };
    let half = |at: usize| {
        let v = _mm256_set_epi64x(word(at + 24), word(at + 16), word(at + 8), word(at));
        let eq = |b: u8| -> __m256i { _mm256_cmpeq_epi8(v, _mm256_set1_epi8(b as i8)) };
        let (quotes, lf, cr) = (eq(quote), eq(b'\n'), eq(b'\r'));
        let special = _mm256_or_si256(
            _mm256_or_si256(quotes, eq(delimiter)),
            _mm256_or_si256(lf, cr),
        );
        // movemask gives one bit a byte in 32 bits; the cast keeps them as they are.
        let bits = |m: __m256i| u64::from(_mm256_movemask_epi8(m) as u32);
        Masks {
            quotes: bits(quotes),
            special: bits(special),
            lf: bits(lf),
            cr: bits(cr),
        }
    };
    let (low, high) = (half(0), half(32));
    Masks {
        quotes: low.quotes | high.quotes << 32,
        special: low.special | high.special << 32,
        lf: low.lf | high.lf << 32,
        cr: low.cr | high.cr << 32,
    }
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
fn lane_masks(lane: &[u8], quote: u8, delimiter: u8) -> Masks<u16> {
    use std::arch::wasm32::{u64x2, u8x16_bitmask, u8x16_eq, u8x16_splat, v128_or};
    let half = |at: usize| {
        let mut word = [0u8; 8];
        word.copy_from_slice(&lane[at..at + 8]);
        u64::from_le_bytes(word)
    };
    let v = u64x2(half(0), half(8));
    let eq = |b: u8| u8x16_eq(v, u8x16_splat(b));
    let (quotes, lf, cr) = (eq(quote), eq(b'\n'), eq(b'\r'));
    let special = v128_or(v128_or(quotes, eq(delimiter)), v128_or(lf, cr));
    Masks {
        quotes: u8x16_bitmask(quotes),
        special: u8x16_bitmask(special),
        lf: u8x16_bitmask(lf),
        cr: u8x16_bitmask(cr),
    }
}

#[cfg(not(any(
    target_arch = "x86_64",
    all(target_arch = "wasm32", target_feature = "simd128")
)))]
fn lane_masks(lane: &[u8], quote: u8, delimiter: u8) -> Masks<u16> {
    let mut m = Masks::default();
    for (i, &b) in lane.iter().enumerate() {
        m.quotes |= u16::from(b == quote) << i;
        m.lf |= u16::from(b == b'\n') << i;
        m.cr |= u16::from(b == b'\r') << i;
        m.special |= u16::from((b == quote) | (b == delimiter) | (b == b'\n') | (b == b'\r')) << i;
    }
    m
}

/// Each bit set when an odd number of bits at or below it are: inside or outside quotes.
fn prefix_xor(mut x: u64) -> u64 {
    for shift in [1, 2, 4, 8, 16, 32] {
        x ^= x << shift;
    }
    x
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
            #[cfg(target_arch = "x86_64")]
            avx2: std::arch::is_x86_feature_detected!("avx2"),
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
            let masks = self.masks(block);
            if self.clean_block(&masks, block_offset, block.len()) {
                block_offset += block.len() as u64;
                continue;
            }
            let mut pending = masks.special;
            loop {
                let candidates = if self.state == State::Quoted {
                    pending & masks.quotes
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

    /// The masks of a block of up to 64 bytes.
    fn masks(&self, block: &[u8]) -> Masks<u64> {
        #[cfg(target_arch = "x86_64")]
        if let (true, Ok(full)) = (self.avx2, <&[u8; 64]>::try_from(block)) {
            // SAFETY: `avx2` is set only when the CPU reported AVX2 at run time.
            return unsafe { block_masks_avx2(full, self.quote, self.delimiter) };
        }
        let mut m = Masks::<u64>::default();
        let mut lanes = block.chunks_exact(16);
        for (n, lane) in lanes.by_ref().enumerate() {
            let l = lane_masks(lane, self.quote, self.delimiter);
            let at = 16 * n;
            m.quotes |= u64::from(l.quotes) << at;
            m.special |= u64::from(l.special) << at;
            m.lf |= u64::from(l.lf) << at;
            m.cr |= u64::from(l.cr) << at;
        }
        let tail_at = block.len() - lanes.remainder().len();
        for (i, &b) in (tail_at..).zip(lanes.remainder()) {
            let is_quote = b == self.quote;
            let (is_lf, is_cr) = (b == b'\n', b == b'\r');
            m.quotes |= u64::from(is_quote) << i;
            m.lf |= u64::from(is_lf) << i;
            m.cr |= u64::from(is_cr) << i;
            m.special |= u64::from(is_quote | (b == self.delimiter) | is_lf | is_cr) << i;
        }
        m
    }

    /// The common block, settled from its masks alone: entered outside quotes or inside a
    /// quoted field, every quote opening a field, closing one or escaping another, every
    /// record ending in LF or CRLF within it, no blank line. Then only the counts move,
    /// and only the first field ending in the block can be over the cell limit (the
    /// others are shorter than the block). Anything else returns `false` and the block is
    /// stepped through special byte by special byte, which reports what is wrong.
    fn clean_block(&mut self, m: &Masks<u64>, block_offset: u64, len: usize) -> bool {
        let start_inside = match self.state {
            State::Quoted => true,
            State::FieldStart | State::Unquoted => false,
            // After a stray or a closing quote the next byte decides: step through it.
            State::AfterStray | State::QuoteInQuoted => return false,
        };
        if self.max_cell_bytes < 64 || len == 0 {
            return false;
        }
        let valid = u64::MAX >> (64 - len);
        // Inside quotes after each byte: the quotes toggle it, as a running XOR.
        let inside = (prefix_xor(m.quotes) ^ if start_inside { u64::MAX } else { 0 }) & valid;
        let opening = m.quotes & inside;
        let closing = m.quotes & !inside;
        let boundaries = m.special & !m.quotes & !inside;
        let (lf, cr) = (m.lf & !inside, m.cr & !inside);
        let at_field_start =
            u64::from(self.state == State::FieldStart && self.next_unseen >= block_offset);
        let field_openings = opening & ((boundaries << 1) | at_field_start);
        // An opening quote must start a field or follow a closing one (an escaped quote);
        // a closing quote must end a field or be followed by an opening one.
        if opening & !(field_openings | (closing << 1)) != 0
            || closing & !((boundaries >> 1) | (opening >> 1)) != 0
        {
            return false;
        }
        // A CR not followed by LF in the block (a lone CR, or one cut at the block end),
        // or an LF that would pair with a CR ending the previous block.
        if cr & !(lf >> 1) != 0
            || (lf & 1 != 0 && block_offset > 0 && self.record_cr_at == Some(block_offset - 1))
        {
            return false;
        }
        // The first byte of each record terminator.
        let terminators = cr | (lf & !(cr << 1));
        let record_empty_at_start = self.record_empty && self.next_unseen >= block_offset;
        if terminators & (lf << 1) != 0 || (terminators & 1 != 0 && record_empty_at_start) {
            return false;
        }
        let events = boundaries | m.quotes;
        if events == 0 {
            return true;
        }
        // Bytes that end a field: delimiters and terminators, not the LF of a CRLF.
        let field_ends = (boundaries & !lf & !cr) | terminators;
        if field_ends != 0 {
            let first_end = block_offset + u64::from(field_ends.trailing_zeros());
            let first_len = first_end.saturating_sub(self.field_start);
            if self.abort.is_none() && first_len > self.max_cell_bytes {
                self.abort = Some(Abort::CellTooLarge {
                    row: self.row,
                    bytes: first_len,
                });
            }
        }
        if boundaries != 0 {
            self.field_start = block_offset + u64::from(64 - boundaries.leading_zeros());
        }
        if field_openings != 0 {
            self.quote_open_offset = block_offset + u64::from(63 - field_openings.leading_zeros());
        }
        let crlf = u64::from(cr.count_ones());
        self.endings.crlf += crlf;
        self.endings.lf += u64::from(lf.count_ones()) - crlf;
        self.row += u64::from(terminators.count_ones());
        let last = 63 - events.leading_zeros();
        self.next_unseen = block_offset + u64::from(last) + 1;
        self.record_cr_at = None;
        if inside & (1 << last) != 0 {
            self.state = State::Quoted;
            self.record_empty = false;
        } else {
            self.state = State::FieldStart;
            // After a terminator the new record holds nothing yet; after a delimiter it does.
            self.record_empty = lf & (1 << last) != 0;
        }
        true
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
    fn blank_line_right_after_a_block_end() {
        for ending in ["\n", "\r\n"] {
            // The first record ends exactly at the end of the first 64-byte block.
            let first = format!("{}{ending}", "a".repeat(64 - ending.len()));
            let input = format!("{first}{ending}b{ending}");
            let mut s = RawScanner::new(b',', b'"', 1 << 20);
            s.feed(input.as_bytes());
            s.finish();
            assert_eq!(
                s.events.iter().cloned().collect::<Vec<_>>(),
                vec![RawEvent::BlankLine { row: 2 }],
                "{ending:?}"
            );
        }
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
        /// The AVX2 masks are the SSE2 ones, bit for bit (the scanner tests above run
        /// whichever this CPU has).
        #[cfg(target_arch = "x86_64")]
        #[test]
        fn avx2_and_sse2_masks_agree(
            block in proptest::collection::vec(
                proptest::sample::select(b"a,;\"\r\n\t \xc3\xa9".to_vec()), 64..=64),
            semicolon in proptest::bool::ANY,
        ) {
            let delimiter = if semicolon { b';' } else { b',' };
            let mut sse2 = RawScanner::new(delimiter, b'"', 1 << 20);
            sse2.avx2 = false;
            let avx2 = RawScanner::new(delimiter, b'"', 1 << 20);
            proptest::prop_assume!(avx2.avx2);
            proptest::prop_assert_eq!(avx2.masks(&block), sse2.masks(&block));
        }

        /// The block-wise scanner agrees with the byte-by-byte one on any mix of the bytes
        /// that matter, however the input is split into feeds.
        #[test]
        fn agrees_with_the_byte_by_byte_scanner_on_clean_blocks(
            tokens in proptest::collection::vec(
                proptest::sample::select(vec![
                    "a", "bc", "defgh", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", ",", ",", ",", "\r\n", "\n", "\r", "\"",
                    "\"q,\r\n\"", "\"12 High Street\"", "\"say \"\"hi\"\"\"", "\"\"",
                ]), 0..300),
            cuts in proptest::collection::vec(0usize..3000, 0..4),
        ) {
            // Mostly quote-free 64-byte blocks, so the mask-only path carries most of the
            // input; a cell limit above the block size lets it run, and runs of 45 bytes
            // make cells that cross blocks and go over it.
            let input = tokens.concat().into_bytes();
            agree(&input, cuts, 100)?;
        }

        #[test]
        fn agrees_with_the_byte_by_byte_scanner(
            input in proptest::collection::vec(
                proptest::sample::select(b"ab ,\"\r\n".to_vec()), 0..300),
            cuts in proptest::collection::vec(0usize..300, 0..4),
        ) {
            agree(&input, cuts, 20)?;
        }
    }

    fn agree(
        input: &[u8],
        cuts: Vec<usize>,
        max_cell: u64,
    ) -> Result<(), proptest::test_runner::TestCaseError> {
        {
            let (events, endings, abort) = byte_by_byte(input, max_cell);
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
        Ok(())
    }
}
