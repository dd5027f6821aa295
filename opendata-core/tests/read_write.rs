//! CSV -> typed Arrow -> CSV / IPC.

use arrow_array::cast::AsArray;
use arrow_array::types::{Date32Type, Float64Type, Int64Type, TimestampMicrosecondType};
use arrow_schema::{DataType, TimeUnit};
use opendata_core::table::{CheckOptions, CsvReader, CsvWriter};

fn read(csv: &str, options: &CheckOptions) -> (CsvReader, Vec<arrow_array::RecordBatch>) {
    let reader = CsvReader::from_bytes(csv.as_bytes().to_vec(), options).unwrap();
    let batches = reader
        .batches()
        .unwrap()
        .collect::<Result<Vec<_>, _>>()
        .unwrap();
    (reader, batches)
}

#[test]
fn types_are_inferred_over_the_whole_column() {
    let mut csv = String::from("id,code,amount,when,at,flag,note\n");
    for i in 0..1000 {
        csv.push_str(&format!(
            "{i},00{i},{i}.5,2024-01-{:02},2024-01-01T10:00:00Z,true,x\n",
            i % 28 + 1
        ));
    }
    // A value at the very end turns `amount` into text: a sample would have missed it.
    csv.push_str("1000,001000,n/a-ish,2024-02-01,2024-01-01T10:00:00+01:00,false,\n");
    let (reader, batches) = read(&csv, &CheckOptions::default());
    let schema = reader.schema();
    let types: Vec<&DataType> = schema.fields().iter().map(|f| f.data_type()).collect();
    assert_eq!(
        types,
        vec![
            &DataType::Int64,
            &DataType::Utf8,
            &DataType::Utf8,
            &DataType::Date32,
            &DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into())),
            &DataType::Boolean,
            &DataType::Utf8,
        ]
    );
    assert_eq!(batches.iter().map(|b| b.num_rows()).sum::<usize>(), 1001);
    let inconsistent: Vec<_> = reader.report().with_code("inconsistent-values").collect();
    assert_eq!(inconsistent.len(), 1);
    assert_eq!(inconsistent[0].location.column, Some(3));
    assert_eq!(inconsistent[0].location.row, Some(1002));
    let at = batches[0]
        .column(4)
        .as_primitive::<TimestampMicrosecondType>();
    assert_eq!(at.value(0), 1_704_103_200_000_000);
    // "" is missing: a null, not an empty string.
    assert!(batches[0].column(6).is_null(1000));
}

#[test]
fn batches_are_bounded_and_title_rows_skipped() {
    let mut csv = String::from("Register of grants 2024\n\ngrant,amount\n");
    for i in 0..10 {
        csv.push_str(&format!("g{i},{i}\n"));
    }
    let mut options = CheckOptions::default();
    options.batch_size = 4;
    let (reader, batches) = read(&csv, &options);
    assert_eq!(
        batches.iter().map(|b| b.num_rows()).collect::<Vec<_>>(),
        vec![4, 4, 2]
    );
    assert_eq!(reader.schema().field(0).name(), "grant");
    assert_eq!(reader.schema().field(1).data_type(), &DataType::Int64);
    let title: Vec<_> = reader.report().with_code("title-row").collect();
    assert_eq!(title.len(), 1);
    assert_eq!(title[0].location.row, Some(1));
    assert_eq!(batches[2].column(1).as_primitive::<Int64Type>().value(1), 9);
}

/// The first column of every batch, as text.
fn first_column(batches: &[arrow_array::RecordBatch]) -> Vec<String> {
    batches
        .iter()
        .flat_map(|b| {
            let column = b.column(0);
            (0..b.num_rows())
                .map(|i| match column.data_type() {
                    DataType::Int64 => column.as_primitive::<Int64Type>().value(i).to_string(),
                    _ => column.as_string::<i32>().value(i).to_owned(),
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn notes_below_the_table_are_no_data_and_keep_the_types() {
    let csv = "id,amount\n1,5\n2,6\n\nSource: finance team\n* provisional,\n";
    let (reader, batches) = read(csv, &CheckOptions::default());
    assert_eq!(first_column(&batches), ["1", "2"]);
    // Without the notes the columns keep their types.
    assert_eq!(reader.schema().field(0).data_type(), &DataType::Int64);
    assert_eq!(reader.schema().field(1).data_type(), &DataType::Int64);
    let notes: Vec<Option<u64>> = reader
        .report()
        .with_code("note-row")
        .map(|f| f.location.row)
        .collect();
    assert_eq!(notes, [Some(5), Some(6)]);
    assert_eq!(reader.report().with_code("ragged-row").count(), 0);
}

#[test]
fn one_cell_rows_followed_by_data_are_data_in_file_order() {
    // Held back as possible notes, then shown to be data by the row after them.
    let csv = "code,amount\na,5\n\nb,\nc\nd,7\n";
    let mut options = CheckOptions::default();
    options.batch_size = 2;
    let (reader, batches) = read(csv, &options);
    assert_eq!(first_column(&batches), ["a", "b", "c", "d"]);
    assert_eq!(reader.report().with_code("note-row").count(), 0);
    let ragged: Vec<Option<u64>> = reader
        .report()
        .with_code("ragged-row")
        .map(|f| f.location.row)
        .collect();
    assert_eq!(ragged, [Some(5)]);
    // A long run of one-cell rows is a sparse table, not notes.
    let mut sparse = String::from("code,amount\na,5\n\n");
    for i in 0..12 {
        sparse.push_str(&format!("note {i},\n"));
    }
    let (reader, batches) = read(&sparse, &CheckOptions::default());
    assert_eq!(first_column(&batches).len(), 13);
    assert_eq!(reader.report().with_code("note-row").count(), 0);
}

#[test]
fn a_totals_row_at_the_end_is_reported_and_stays_data() {
    // A table of counts keeps its margins: the totals row is read, and named.
    let csv = "area,count\nNorth,5\nSouth,6\nTotal:,11\n\nSource: census\n";
    let (reader, batches) = read(csv, &CheckOptions::default());
    assert_eq!(first_column(&batches), ["North", "South", "Total:"]);
    assert_eq!(reader.report().with_code("note-row").count(), 1);
    let totals: Vec<Option<u64>> = reader
        .report()
        .with_code("total-row")
        .map(|f| f.location.row)
        .collect();
    assert_eq!(totals, [Some(4)]);
    // Inside the table, a totals row is data; a title that starts with the word is no
    // totals row, nor is one without a number.
    for data in [
        "name,amount\nA,5\nTotal,11\nB,6\n",
        "film,year\nHeat,1995\nTotal Recall,1990\n",
        "name,note\nA,x\nTotal,none\n",
    ] {
        let (reader, batches) = read(data, &CheckOptions::default());
        assert_eq!(reader.report().with_code("total-row").count(), 0, "{data}");
        let rows = data.lines().count() - 1;
        assert_eq!(batches.iter().map(|b| b.num_rows()).sum::<usize>(), rows);
    }
}

#[test]
fn day_first_dates_and_numbers_round_trip_to_normalised_csv() {
    let csv = "when;value;name\r\n31/01/2024;1.5;\"Smith; J\"\r\n01/02/2024;-2;Zoë\r\n";
    let (reader, batches) = read(csv, &CheckOptions::default());
    let dates = batches[0].column(0).as_primitive::<Date32Type>();
    assert_eq!(dates.value(1) - dates.value(0), 1);
    assert_eq!(
        batches[0].column(1).as_primitive::<Float64Type>().value(1),
        -2.0
    );
    assert_eq!(
        reader
            .schema()
            .field(0)
            .metadata()
            .get("opendata.format")
            .unwrap(),
        "%d/%m/%Y"
    );
    let mut writer = CsvWriter::new(Vec::new(), &reader.schema()).unwrap();
    for b in &batches {
        writer.write(b).unwrap();
    }
    let out = String::from_utf8(writer.finish().unwrap()).unwrap();
    assert_eq!(
        out,
        "when,value,name\r\n2024-01-31,1.5,Smith; J\r\n2024-02-01,-2,Zoë\r\n"
    );
}

#[test]
fn unreadable_input_is_a_typed_error_with_the_report() {
    let reader = CsvReader::from_bytes(Vec::new(), &CheckOptions::default()).unwrap();
    assert_eq!(reader.report().findings[0].code, "empty-file");
    let err = reader.batches().err().unwrap();
    assert_eq!(err.code(), "table.not-a-table");
}

#[cfg(feature = "ipc")]
#[test]
fn ipc_output_reads_back() {
    let (reader, _) = read("a,b\n1,x\n2,y\n", &CheckOptions::default());
    let bytes =
        opendata_core::table::write_ipc(Vec::new(), &reader.schema(), reader.batches().unwrap())
            .unwrap();
    assert_eq!(&bytes[..6], b"ARROW1");
}
