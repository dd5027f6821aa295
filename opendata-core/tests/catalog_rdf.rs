//! Reading and writing RDF: the official DCAT-AP 3 examples parse, the JSON-LD and Turtle
//! versions of each example are the same graph, and graph -> model -> graph is lossless.

use std::fs;
use std::path::PathBuf;

use opendata_core::catalog::{
    document_from_graph, document_to_graph, parse_rdf, write_rdf, MetadataFormat,
};
use opendata_core::report::FindingSink;
use oxrdf::graph::CanonicalizationAlgorithm;
use oxrdf::Graph;

fn examples() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/dcat-ap-3-examples");
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
}

fn format_of(path: &std::path::Path) -> MetadataFormat {
    match path.extension().and_then(|e| e.to_str()) {
        Some("ttl") => MetadataFormat::Turtle,
        Some("jsonld") => MetadataFormat::JsonLd,
        other => panic!("unexpected example {other:?}"),
    }
}

/// Two official Turtle examples are not valid Turtle: a prefixed name may not contain an
/// unescaped `/` (`example-dist:BeePopulation2023/csv`). The reader reports each place.
const INVALID_TURTLE: &[(&str, &[(u64, u64)])] = &[
    (
        "example-bee-population-dataset-series-api.ttl",
        &[(20, 31), (22, 31)],
    ),
    (
        "example-bee-population-dataset-series-combined.ttl",
        &[(32, 31), (34, 31)],
    ),
];

fn is_invalid(path: &std::path::Path) -> bool {
    INVALID_TURTLE.iter().any(|(name, _)| path.ends_with(name))
}

fn parse_clean(bytes: &[u8], format: MetadataFormat) -> Graph {
    let mut sink = FindingSink::new(10);
    let graph = parse_rdf(bytes, format, None, &mut sink);
    let report = sink.into_report(None);
    assert!(report.findings.is_empty(), "{:#?}", report.findings);
    graph
}

fn canonical(mut g: Graph) -> Graph {
    g.canonicalize(CanonicalizationAlgorithm::Unstable);
    g
}

#[test]
fn every_official_example_parses() {
    let files = examples();
    assert_eq!(files.len(), 30);
    for path in files.iter().filter(|p| !is_invalid(p)) {
        let graph = parse_clean(&fs::read(path).unwrap(), format_of(path));
        assert!(
            graph.len() >= 2,
            "{} gave {} triples",
            path.display(),
            graph.len()
        );
    }
}

#[test]
fn invalid_official_turtle_gives_syntax_findings_at_their_lines() {
    for (name, places) in INVALID_TURTLE {
        let path = examples().into_iter().find(|p| p.ends_with(name)).unwrap();
        let mut sink = FindingSink::new(10);
        let graph = parse_rdf(
            &fs::read(&path).unwrap(),
            MetadataFormat::Turtle,
            None,
            &mut sink,
        );
        let report = sink.into_report(None);
        let found: Vec<(u64, u64)> = report
            .findings
            .iter()
            .map(|f| {
                assert_eq!(f.code, "metadata.syntax");
                (f.location.row.unwrap(), f.location.column.unwrap())
            })
            .collect();
        assert_eq!(found, places.to_vec(), "{name}");
        // The statements around the bad lines are still read.
        assert!(graph.len() > 5, "{name}: {}", graph.len());
    }
}

/// Examples whose nodes have two types with type-scoped contexts (`Dataset` and
/// `DatasetMemberOfADatasetSeries`). oxjsonld 0.2.7 applies only the last type's scoped
/// context instead of all of them in order (JSON-LD 1.1 expansion step 11.2), so the terms
/// of the first context are dropped. The JSON-LD graph must still be a subset of the Turtle one.
const MULTI_TYPE_SCOPED: &[&str] = &[
    "example-bee-population-2022-2023.ttl",
    "example-bee-population-dataset-series-frequency.ttl",
    "example-bee-population-dataset-series-gea-nha.ttl",
    "example-bee-population-dataset-series-issued.ttl",
    "example-bee-population-dataset-series-life-count.ttl",
    "example-bee-population-dataset-series-modified.ttl",
    "example-bee-population-dataset-series-spatial-thessaloniki-athens.ttl",
    "example-bee-population-dataset-series-spatial-thessaloniki.ttl",
];

#[test]
fn jsonld_and_turtle_examples_are_the_same_graph() {
    let mut equal = 0;
    for ttl in examples()
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "ttl") && !is_invalid(p))
    {
        let a = parse_clean(&fs::read(ttl).unwrap(), MetadataFormat::Turtle);
        let b = parse_clean(
            &fs::read(ttl.with_extension("jsonld")).unwrap(),
            MetadataFormat::JsonLd,
        );
        if MULTI_TYPE_SCOPED.iter().any(|n| ttl.ends_with(n)) {
            assert!(
                b.len() < a.len(),
                "{}: the upstream bug seems fixed; move it to the equal set",
                ttl.display()
            );
            // The examples' context also types dates as the undeclared `xsd:date` (an IRI of
            // scheme `xsd`), so compare subject and predicate only.
            for t in b.iter() {
                assert!(
                    a.triples_for_subject(t.subject)
                        .any(|u| u.predicate == t.predicate),
                    "{}: JSON-LD gave a statement Turtle does not have: {t}",
                    ttl.display()
                );
            }
        } else {
            assert_eq!(canonical(a), canonical(b), "{}", ttl.display());
            equal += 1;
        }
    }
    assert_eq!(equal, 5);
}

#[test]
fn graph_model_graph_round_trip_is_isomorphic() {
    for path in examples().into_iter().filter(|p| !is_invalid(p)) {
        let graph = parse_clean(&fs::read(&path).unwrap(), format_of(&path));
        let doc = document_from_graph(&graph);
        let back = document_to_graph(&doc);
        assert_eq!(
            canonical(graph.clone()),
            canonical(back),
            "{}",
            path.display()
        );
        // The model holds the datasets themselves, not only leftover triples.
        assert!(
            doc.all_datasets().count() + doc.services.len() + doc.distributions.len() > 0,
            "{}",
            path.display()
        );
    }
}

#[test]
fn every_syntax_round_trips() {
    for path in examples().into_iter().filter(|p| !is_invalid(p)) {
        let graph = parse_clean(&fs::read(&path).unwrap(), format_of(&path));
        let doc = document_from_graph(&graph);
        for format in [
            MetadataFormat::JsonLd,
            MetadataFormat::Turtle,
            MetadataFormat::RdfXml,
            MetadataFormat::NTriples,
        ] {
            let text = write_rdf(&document_to_graph(&doc), format).unwrap();
            let again = parse_clean(text.as_bytes(), format);
            assert_eq!(
                canonical(graph.clone()),
                canonical(again),
                "{} via {format}:\n{text}",
                path.display()
            );
        }
    }
}

#[test]
fn jsonld_output_is_compacted_with_the_dcat_ap_context() {
    let ttl =
        br#"@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> .
        @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        <https://e.org/ds> a dcat:Dataset ; dct:title "Bees"@en ; dct:identifier "bees-1" ;
          <https://e.org/custom> "x" ;
          dcat:distribution [ a dcat:Distribution ; dcat:accessURL <https://e.org/a.csv> ;
                              dcat:byteSize "1024"^^xsd:nonNegativeInteger ] ."#;
    let graph = parse_clean(ttl, MetadataFormat::Turtle);
    let text = write_rdf(&graph, MetadataFormat::JsonLd).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        v["@context"][0],
        "https://semiceu.github.io/DCAT-AP/releases/3.0.1/context/dcat-ap.jsonld"
    );
    assert_eq!(v["@context"][1]["dcat"], "http://www.w3.org/ns/dcat#");
    let ds = &v["@graph"][0];
    // The context's own terms: class names, property names, `@set` arrays, IRIs as strings.
    assert_eq!(ds["@type"], "Dataset");
    assert_eq!(ds["title"][0]["@value"], "Bees");
    assert_eq!(ds["identifier"][0], "bees-1");
    // What the context has no term for keeps a prefixed or whole IRI.
    assert_eq!(ds["https://e.org/custom"], "x");
    // The blank distribution, used once, is nested where it is used, in its own terms.
    let dist = &ds["datasetDistribution"][0];
    assert_eq!(dist["@type"], "Distribution");
    assert_eq!(dist["accessUrl"][0], "https://e.org/a.csv");
    assert_eq!(dist["byteSize"], "1024");
    assert_eq!(v["@graph"].as_array().unwrap().len(), 1);
    // And it reads back (through the embedded copy of the context) as the same graph.
    assert_eq!(
        canonical(parse_clean(text.as_bytes(), MetadataFormat::JsonLd)),
        canonical(graph.clone())
    );

    let expanded = write_rdf(&graph, MetadataFormat::JsonLdExpanded).unwrap();
    let e: serde_json::Value = serde_json::from_str(&expanded).unwrap();
    let node = e
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["@id"] == "https://e.org/ds")
        .unwrap();
    assert_eq!(node["@type"][0], "http://www.w3.org/ns/dcat#Dataset");
    assert_eq!(node["http://purl.org/dc/terms/title"][0]["@language"], "en");
    assert_eq!(
        canonical(parse_clean(expanded.as_bytes(), MetadataFormat::JsonLd)),
        canonical(graph)
    );

    // An IRI that looks like a prefixed name (`xsd:date` as a datatype IRI) would be misread
    // in compacted form, so that graph is written expanded.
    let clash =
        b"<https://e.org/ds> <http://purl.org/dc/terms/issued> \"2024-01-01\"^^<xsd:date> .";
    let graph = parse_clean(clash, MetadataFormat::NTriples);
    let text = write_rdf(&graph, MetadataFormat::JsonLd).unwrap();
    assert!(!text.contains("@context"), "{text}");
    assert_eq!(
        canonical(parse_clean(text.as_bytes(), MetadataFormat::JsonLd)),
        canonical(graph)
    );
}
