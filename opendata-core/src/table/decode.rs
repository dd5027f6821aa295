//! Turns the raw bytes of an upload into UTF-8, whatever encoding they came in.
//!
//! UTF-8 passes through untouched (validated on the way, so the first bad sequence can be
//! named by its byte offset); anything else is transcoded with `encoding_rs`.

use std::io::{self, BufRead, Read};

use encoding_rs::{Decoder, Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};

/// What the sniffer decided about the bytes, before any record is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct EncodingGuess {
    /// The encoding the rest of the input is decoded as.
    pub encoding: &'static Encoding,
    /// Length of a byte-order mark at the start, which is skipped.
    pub bom_len: usize,
    /// Offset of the first byte sequence that is not UTF-8, when the sample has one.
    pub first_non_utf8: Option<u64>,
    /// Whether the sample holds NUL bytes outside a UTF-16 file: a binary file.
    pub binary: bool,
}

/// Guesses the encoding from the first bytes. `forced` is a WHATWG label chosen by the user.
pub(crate) fn guess_encoding(
    sample: &[u8],
    at_eof: bool,
    forced: Option<&'static Encoding>,
) -> EncodingGuess {
    let (bom_encoding, bom_len) = match Encoding::for_bom(sample) {
        Some((enc, len)) => (Some(enc), len),
        None => (None, 0),
    };
    let body = &sample[bom_len..];
    let first_non_utf8 = first_invalid_utf8(body, at_eof).map(|o| (o + bom_len) as u64);
    let utf16 = matches!(bom_encoding, Some(e) if e == UTF_16LE || e == UTF_16BE);
    let binary =
        !utf16 && forced.is_none_or(|e| e != UTF_16LE && e != UTF_16BE) && body.contains(&0);
    let encoding = match (forced, bom_encoding) {
        (Some(enc), _) => enc,
        (None, Some(enc)) => enc,
        (None, None) if first_non_utf8.is_some() => WINDOWS_1252,
        (None, None) => UTF_8,
    };
    // A forced encoding that disagrees with the BOM means the BOM bytes are data.
    let bom_len = match (forced, bom_encoding) {
        (Some(f), Some(b)) if f != b => 0,
        _ => bom_len,
    };
    EncodingGuess {
        encoding,
        bom_len,
        first_non_utf8,
        binary,
    }
}

/// Offset of the first invalid UTF-8 sequence; an incomplete sequence cut by the end of a
/// sample that is not the end of the file does not count.
fn first_invalid_utf8(bytes: &[u8], at_eof: bool) -> Option<usize> {
    match simdutf8::compat::from_utf8(bytes) {
        Ok(_) => None,
        Err(e) if e.error_len().is_none() && !at_eof => None,
        Err(e) => Some(e.valid_up_to()),
    }
}

/// A `Read` that yields UTF-8. Constructed with the sample bytes already read.
pub(crate) struct DecodeReader<R> {
    inner: R,
    /// Raw bytes read but not yet decoded (starts with the sample).
    raw: Vec<u8>,
    raw_pos: usize,
    raw_eof: bool,
    /// Offset in the original input of `raw[raw_pos]`.
    raw_offset: u64,
    decoder: Option<Decoder>,
    /// Decoded bytes waiting to be handed out.
    out: Vec<u8>,
    out_pos: usize,
    finished: bool,
    /// Offset in the original input of the first invalid sequence of a UTF-8 input.
    pub first_invalid: Option<u64>,
}

const RAW_CHUNK: usize = 64 * 1024;

impl<R: Read> DecodeReader<R> {
    pub(crate) fn new(
        inner: R,
        sample: Vec<u8>,
        sample_is_all: bool,
        guess: &EncodingGuess,
    ) -> Self {
        let decoder =
            (guess.encoding != UTF_8).then(|| guess.encoding.new_decoder_without_bom_handling());
        Self {
            inner,
            raw: sample,
            raw_pos: guess.bom_len,
            raw_eof: sample_is_all,
            raw_offset: guess.bom_len as u64,
            decoder,
            out: Vec::with_capacity(RAW_CHUNK * 3),
            out_pos: 0,
            finished: false,
            first_invalid: None,
        }
    }

    /// Makes sure `raw[raw_pos..]` holds at least a chunk unless the input ended.
    fn fill_raw(&mut self) -> io::Result<()> {
        if self.raw_pos > 0 {
            self.raw.drain(..self.raw_pos);
            self.raw_pos = 0;
        }
        while !self.raw_eof && self.raw.len() < RAW_CHUNK {
            // `read_to_end` appends into spare capacity without zeroing it first, and
            // retries interrupted reads; fewer bytes than asked means the input ended.
            let want = RAW_CHUNK - self.raw.len();
            let n = (&mut self.inner)
                .take(want as u64)
                .read_to_end(&mut self.raw)?;
            if n < want {
                self.raw_eof = true;
            }
        }
        Ok(())
    }

    /// Decodes the next stretch of raw bytes into `out`.
    fn refill(&mut self) -> io::Result<()> {
        self.out.clear();
        self.out_pos = 0;
        self.fill_raw()?;
        let src = &self.raw[self.raw_pos..];
        match &mut self.decoder {
            None => {
                // UTF-8 passes through; only validate, keeping a cut sequence for next time.
                let mut take = src.len();
                match simdutf8::compat::from_utf8(src) {
                    Ok(_) => {}
                    Err(e) if e.error_len().is_none() && !self.raw_eof => take = e.valid_up_to(),
                    Err(e) => {
                        if self.first_invalid.is_none() {
                            self.first_invalid = Some(self.raw_offset + e.valid_up_to() as u64);
                        }
                    }
                }
                if take == 0 && !src.is_empty() && !self.raw_eof {
                    // A lone cut sequence longer than the chunk cannot happen (max 3 bytes),
                    // but never spin: hand the bytes over as they are.
                    take = src.len();
                }
                // The valid bytes are handed out as they are: the raw buffer becomes the
                // output and only a cut sequence at its end (at most 3 bytes) is kept back.
                let start = self.raw_pos;
                let end = start + take;
                self.raw_offset += take as u64;
                std::mem::swap(&mut self.out, &mut self.raw);
                self.raw.clear();
                self.raw.extend_from_slice(&self.out[end..]);
                self.out.truncate(end);
                self.out_pos = start;
                self.raw_pos = 0;
                if self.raw_eof && self.raw.is_empty() {
                    self.finished = true;
                }
            }
            Some(decoder) => {
                let last = self.raw_eof;
                let cap = decoder
                    .max_utf8_buffer_length(src.len())
                    .unwrap_or(src.len().saturating_mul(3) + 16);
                self.out.resize(cap.max(16), 0);
                let (_, read, written, _) = decoder.decode_to_utf8(src, &mut self.out, last);
                self.out.truncate(written);
                self.raw_pos += read;
                self.raw_offset += read as u64;
                if last && self.raw_pos == self.raw.len() {
                    self.finished = true;
                }
            }
        }
        Ok(())
    }
}

impl<R: Read> Read for DecodeReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let decoded = self.fill_buf()?;
        let n = buf.len().min(decoded.len());
        buf[..n].copy_from_slice(&decoded[..n]);
        self.consume(n);
        Ok(n)
    }
}

/// The decoded text can be parsed where it lies, without a copy into another buffer.
impl<R: Read> BufRead for DecodeReader<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        while self.out_pos == self.out.len() && !self.finished {
            self.refill()?;
        }
        Ok(&self.out[self.out_pos..])
    }

    fn consume(&mut self, amount: usize) {
        self.out_pos = (self.out_pos + amount).min(self.out.len());
    }
}

/// Resolves a user's encoding label (`latin1`, `utf-16le`, `cp1252`...).
pub(crate) fn encoding_for_label(label: &str) -> Option<&'static Encoding> {
    Encoding::for_label(label.trim().as_bytes())
}

/// Records' bytes as text, validated once for all their fields; `None` when the file's
/// own bytes were not UTF-8 (the decoder reported them). Take fields out with `str::get`:
/// a field boundary inside a character means the bytes around it were not UTF-8 either
/// (`\xC3,\xA9` joins into a valid `é`).
pub(crate) fn utf8_text(bytes: &[u8]) -> Option<&str> {
    simdutf8::basic::from_utf8(bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader that hands out at most `step` bytes a call, as pipes and sockets do.
    struct Trickle<'a> {
        data: &'a [u8],
        step: usize,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = buf.len().min(self.step).min(self.data.len());
            buf[..n].copy_from_slice(&self.data[..n]);
            self.data = &self.data[n..];
            Ok(n)
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(48))]
        /// UTF-8 comes out byte for byte however the input is cut into reads and chunks
        /// (characters split across chunk ends included), and the first invalid sequence
        /// is placed where `std` places it.
        #[test]
        fn utf8_passes_through_unchanged(
            units in proptest::collection::vec(
                proptest::sample::select(vec!["a", "é", "€", "𝄞", ",", "\n"]), 0..50_000),
            invalid_at in proptest::option::of(0usize..120_000),
            step in 1usize..100_000,
            sample_len in 0usize..5_000,
        ) {
            let mut data = units.concat().into_bytes();
            if let Some(at) = invalid_at.filter(|&at| at <= data.len()) {
                data.insert(at, 0xFF);
            }
            let expected_invalid = std::str::from_utf8(&data)
                .err()
                .map(|e| e.valid_up_to() as u64);
            let sample_len = sample_len.min(data.len());
            let guess = EncodingGuess {
                encoding: UTF_8,
                bom_len: 0,
                first_non_utf8: None,
                binary: false,
            };
            let rest = Trickle { data: &data[sample_len..], step };
            let mut reader = DecodeReader::new(
                rest,
                data[..sample_len].to_vec(),
                sample_len == data.len(),
                &guess,
            );
            let mut out = Vec::new();
            reader.read_to_end(&mut out).map_err(|e| {
                proptest::test_runner::TestCaseError::fail(e.to_string())
            })?;
            proptest::prop_assert!(out == data, "output differs from input");
            proptest::prop_assert_eq!(reader.first_invalid, expected_invalid);
        }
    }
}
