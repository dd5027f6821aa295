fn main() {
    for line in std::io::stdin().lines() {
        let t = line.unwrap();
        let r = opendata_core::licence::resolve(&t);
        println!("{:<70} -> {:<22} {:?} {:.2} va={} cand={:?}", t, r.licence.map(|l| l.id).unwrap_or("-"), r.matched_by, r.confidence, r.version_assumed, r.candidates.iter().map(|l| l.id).collect::<Vec<_>>());
    }
}
