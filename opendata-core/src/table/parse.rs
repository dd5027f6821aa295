//! The check pass's parser: the decoded stream goes once through the raw scanner and
//! `csv-core`, and records land end to end in [`RecordChunk`]s for the cell checks, with
//! no allocation or copy per record in between.

use std::io::{self, BufRead, Read};
use std::ops::Range;

use super::decode::DecodeReader;
use super::scan::{Aborted, RawScanner};

/// Data records end to end: one buffer crosses to the checking thread instead of hundreds
/// of separately allocated records, and the checks read it front to back.
#[derive(Debug, Default)]
pub(super) struct RecordChunk {
    /// Field bytes; the first `used` hold records, the rest is room for the parser.
    bytes: Vec<u8>,
    used: usize,
    /// Where each field ends in `bytes`; the first `ends_used` are set.
    field_ends: Vec<usize>,
    ends_used: usize,
    /// Per record: its row and where its fields end in `field_ends`.
    records: Vec<(u64, usize)>,
}

/// One record of a [`RecordChunk`].
pub(super) struct ChunkRecord<'a> {
    pub row: u64,
    /// The record's bytes in the chunk.
    pub bytes: Range<usize>,
    field_ends: &'a [usize],
}

impl ChunkRecord<'_> {
    /// Where each field is in the chunk's bytes.
    pub fn fields(&self) -> impl Iterator<Item = Range<usize>> + Clone + '_ {
        let starts = std::iter::once(self.bytes.start).chain(self.field_ends.iter().copied());
        starts
            .zip(self.field_ends.iter().copied())
            .map(|(s, e)| s..e)
    }

    /// Number of fields.
    pub fn len(&self) -> usize {
        self.field_ends.len()
    }

    /// Every field is empty.
    pub fn is_blank(&self) -> bool {
        self.bytes.is_empty()
    }
}

impl RecordChunk {
    /// Records a chunk takes before it is handed over.
    const RECORDS: usize = 256;
    /// Bytes a chunk takes before it is handed over, so a file of huge cells keeps memory
    /// bounded too.
    const BYTES: usize = 1 << 16;

    /// The bytes of the records.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes[..self.used]
    }

    /// Where each field ends in [`bytes`](Self::bytes), every record's fields in turn.
    pub fn field_ends(&self) -> &[usize] {
        &self.field_ends[..self.ends_used]
    }

    /// Appends a field of a record built elsewhere; [`finish_record`](Self::finish_record)
    /// closes the record.
    pub fn push_field(&mut self, field: &[u8]) {
        self.bytes.truncate(self.used);
        self.bytes.extend_from_slice(field);
        self.used = self.bytes.len();
        self.field_ends.truncate(self.ends_used);
        self.field_ends.push(self.used);
        self.ends_used = self.field_ends.len();
    }

    /// Closes the record whose fields were pushed since the last one.
    pub fn finish_record(&mut self, row: u64) {
        self.records.push((row, self.ends_used));
    }

    /// Appends a record parsed elsewhere.
    pub fn push(&mut self, row: u64, record: &csv::ByteRecord) {
        for field in record {
            self.push_field(field);
        }
        self.finish_record(row);
    }

    pub fn is_full(&self) -> bool {
        self.records.len() >= Self::RECORDS || self.used >= Self::BYTES
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    pub fn clear(&mut self) {
        self.used = 0;
        self.ends_used = 0;
        self.records.clear();
    }

    /// Sets the row of the last record (the parser does not know rows).
    pub fn set_last_row(&mut self, row: u64) {
        if let Some(last) = self.records.last_mut() {
            last.0 = row;
        }
    }

    /// Takes the last record out again.
    pub fn pop(&mut self) {
        if self.records.pop().is_some() {
            self.ends_used = self.records.last().map_or(0, |&(_, ends)| ends);
            self.used = self
                .ends_used
                .checked_sub(1)
                .map_or(0, |i| self.field_ends[i]);
        }
    }

    pub fn last(&self) -> Option<ChunkRecord<'_>> {
        self.records().next_back()
    }

    /// The last record as a `csv` record, for the checks written for those.
    pub fn last_as_byte_record(&self) -> Option<csv::ByteRecord> {
        let record = self.last()?;
        Some(record.fields().map(|r| &self.bytes[r]).collect())
    }

    pub fn records(&self) -> impl DoubleEndedIterator<Item = ChunkRecord<'_>> + '_ {
        (0..self.records.len()).map(move |i| {
            let fields_from = i.checked_sub(1).map_or(0, |p| self.records[p].1);
            let (row, fields_to) = self.records[i];
            let bytes_from = fields_from.checked_sub(1).map_or(0, |p| self.field_ends[p]);
            let field_ends = &self.field_ends[fields_from..fields_to];
            ChunkRecord {
                row,
                bytes: bytes_from..field_ends.last().copied().unwrap_or(bytes_from),
                field_ends,
            }
        })
    }

    /// Room for the parser after the records, at least `bytes` and `ends` long.
    fn room(&mut self, bytes: usize, ends: usize) -> (&mut [u8], &mut [usize]) {
        if self.bytes.len() < self.used + bytes {
            self.bytes
                .resize((self.used + bytes).max(2 * self.bytes.len()), 0);
        }
        if self.field_ends.len() < self.ends_used + ends {
            let want = (self.ends_used + ends).max(2 * self.field_ends.len());
            self.field_ends.resize(want, 0);
        }
        (
            &mut self.bytes[self.used..],
            &mut self.field_ends[self.ends_used..],
        )
    }
}

/// Reads records from the decoded stream into chunks; every byte is scanned once before
/// `csv-core` parses it.
pub(super) struct ChunkParser<R> {
    decoder: DecodeReader<R>,
    pub scanner: RawScanner,
    core: csv_core::Reader,
    /// Bytes at the front of the decoder's buffer that were scanned and not yet parsed.
    scanned_ahead: usize,
    scan_finished: bool,
    done: bool,
    /// Decoded bytes parsed so far.
    position: u64,
}

/// Room asked for before each parser call; the chunk grows when a record needs more.
const MIN_ROOM: usize = 4096;
const MIN_ENDS_ROOM: usize = 64;

impl<R: Read> ChunkParser<R> {
    pub fn new(decoder: DecodeReader<R>, scanner: RawScanner, core: csv_core::Reader) -> Self {
        Self {
            decoder,
            scanner,
            core,
            scanned_ahead: 0,
            scan_finished: false,
            done: false,
            position: 0,
        }
    }

    pub fn decoder(&self) -> &DecodeReader<R> {
        &self.decoder
    }

    /// Decoded bytes parsed so far: the end of the last record read.
    pub fn position(&self) -> u64 {
        self.position
    }

    /// Appends the next record to `chunk` (row 0); `false` at the end of the input. An
    /// error of kind `Other` wrapping [`Aborted`] means the scanner stopped the input.
    pub fn read_record(&mut self, chunk: &mut RecordChunk) -> io::Result<bool> {
        if self.done {
            return Ok(false);
        }
        let (bytes_from, ends_from) = (chunk.used, chunk.ends_used);
        loop {
            if self.scanned_ahead == 0 {
                // As with a reader: what was scanned before the limit is still parsed.
                if self.scanner.abort.is_some() {
                    return Err(io::Error::other(Aborted));
                }
                let fresh = self.decoder.fill_buf()?;
                if fresh.is_empty() {
                    if !self.scan_finished {
                        self.scan_finished = true;
                        self.scanner.finish();
                    }
                } else {
                    self.scanner.feed(fresh);
                    self.scanned_ahead = fresh.len();
                }
            }
            let input = &self.decoder.fill_buf()?[..self.scanned_ahead];
            let (output, ends) = chunk.room(MIN_ROOM, MIN_ENDS_ROOM);
            let (result, nin, nout, nend) = self.core.read_record(input, output, ends);
            self.decoder.consume(nin);
            self.scanned_ahead -= nin;
            self.position += nin as u64;
            chunk.used += nout;
            chunk.ends_used += nend;
            match result {
                csv_core::ReadRecordResult::InputEmpty => {}
                // The next round asks for room again, doubling the buffer when full.
                csv_core::ReadRecordResult::OutputFull => {
                    let grow = chunk.bytes.len().max(MIN_ROOM);
                    chunk.room(grow, 0);
                }
                csv_core::ReadRecordResult::OutputEndsFull => {
                    let grow = chunk.field_ends.len().max(MIN_ENDS_ROOM);
                    chunk.room(0, grow);
                }
                csv_core::ReadRecordResult::Record => {
                    // csv-core counts field ends from the start of the record.
                    for end in &mut chunk.field_ends[ends_from..chunk.ends_used] {
                        *end += bytes_from;
                    }
                    chunk.records.push((0, chunk.ends_used));
                    return Ok(true);
                }
                csv_core::ReadRecordResult::End => {
                    self.done = true;
                    return Ok(false);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::decode::guess_encoding;
    use proptest::prelude::*;

    type Parsed = (Vec<(Vec<Vec<u8>>, u64)>, RawScanner);

    fn parse_all(input: &[u8], delimiter: u8, quote: u8) -> Parsed {
        let guess = guess_encoding(input, true, None);
        let decoder = DecodeReader::new(&[][..], input.to_vec(), true, &guess);
        let core = csv_core::ReaderBuilder::new()
            .delimiter(delimiter)
            .quote(quote)
            .build();
        let mut parser =
            ChunkParser::new(decoder, RawScanner::new(delimiter, quote, 1 << 30), core);
        let mut chunk = RecordChunk::default();
        let mut out = Vec::new();
        loop {
            match parser.read_record(&mut chunk) {
                Ok(true) => {
                    let fields = chunk
                        .last()
                        .map(|r| r.fields().map(|f| chunk.bytes()[f].to_vec()).collect())
                        .unwrap_or_default();
                    out.push((fields, parser.position()));
                    if chunk.is_full() {
                        chunk.clear();
                    }
                }
                Ok(false) => return (out, parser.scanner),
                Err(e) => panic!("{e}"),
            }
        }
    }

    fn csv_crate(input: &[u8], delimiter: u8, quote: u8) -> Vec<(Vec<Vec<u8>>, u64)> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .quote(quote)
            .from_reader(input);
        let mut record = csv::ByteRecord::new();
        let mut out = Vec::new();
        while reader.read_byte_record(&mut record).unwrap_or(false) {
            out.push((
                record.iter().map(<[u8]>::to_vec).collect(),
                reader.position().byte(),
            ));
        }
        out
    }

    #[test]
    fn long_records_and_many_fields_grow_the_chunk() {
        let wide: String = (0..500).map(|i| format!("{i},")).collect();
        let long = "x".repeat(3 * MIN_ROOM);
        let input = format!("{wide}\n\"{long}\"\"q\",b\r\nlast");
        let (records, _) = parse_all(input.as_bytes(), b',', b'"');
        assert_eq!(records, csv_crate(input.as_bytes(), b',', b'"'));
        assert_eq!(records[0].0.len(), 501);
        assert_eq!(records[1].0[0].len(), 3 * MIN_ROOM + 2);
    }

    #[test]
    fn popping_a_record_restores_the_chunk() {
        let mut chunk = RecordChunk::default();
        chunk.push(1, &csv::ByteRecord::from(vec!["a", "bc"]));
        chunk.push(2, &csv::ByteRecord::from(vec!["", "", ""]));
        assert!(chunk.last().is_some_and(|r| r.is_blank() && r.len() == 3));
        chunk.pop();
        chunk.push(3, &csv::ByteRecord::from(vec!["d"]));
        let rows: Vec<(u64, Vec<&[u8]>)> = chunk
            .records()
            .map(|r| (r.row, r.fields().map(|f| &chunk.bytes()[f]).collect()))
            .collect();
        assert_eq!(
            rows,
            vec![(1, vec![&b"a"[..], b"bc"]), (3, vec![&b"d"[..]])]
        );
        assert_eq!(
            chunk.last_as_byte_record(),
            Some(csv::ByteRecord::from(vec!["d"]))
        );
    }

    proptest! {
        // Few but long inputs: they cross the decoder's 64 KB refills.
        #![proptest_config(ProptestConfig::with_cases(24))]

        /// Records, fields and positions are exactly those of the `csv` crate, whatever
        /// the quoting, line endings and damage; the scanner sees every byte once.
        #[test]
        fn agrees_with_the_csv_crate(
            pieces in proptest::collection::vec(
                prop_oneof![
                    Just(&b","[..]), Just(&b";"[..]), Just(&b"\""[..]), Just(&b"\"\""[..]),
                    Just(&b"\n"[..]), Just(&b"\r\n"[..]), Just(&b"\r"[..]), Just(&b"ab"[..]),
                    Just(&b" "[..]), Just(&b"\xc3\xa9"[..]), Just(&b"x"[..]),
                ],
                0..70_000,
            ),
            semicolon in any::<bool>(),
        ) {
            let input = pieces.concat();
            let delimiter = if semicolon { b';' } else { b',' };
            let (records, scanner) = parse_all(&input, delimiter, b'"');
            prop_assert_eq!(records, csv_crate(&input, delimiter, b'"'));
            let mut whole = RawScanner::new(delimiter, b'"', 1 << 30);
            whole.feed(&input);
            whole.finish();
            prop_assert_eq!(scanner.endings, whole.endings);
            prop_assert_eq!(scanner.events, whole.events);
        }
    }
}
