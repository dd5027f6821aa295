//! `opendata licence`: which licence a text names, whether it is open, what it obliges; and
//! with `--compatible`, which licences a dataset derived from several inputs may use.

use std::io::{self, Write};

use opendata::licence::{self, Compatibility, Licence, LicenceError, LicenceReport};

use super::output::to_json;
use super::{CliError, Format, Outcome};

/// Arguments of `opendata licence`.
#[derive(Debug, clap::Args)]
pub struct LicenceArgs {
    /// The licence as written: SPDX id, URL, EU authority URI, name or CKAN id. Several words
    /// are read as one name; with --compatible, each argument is one input licence.
    #[arg(required = true, num_args = 1.., value_name = "TEXT")]
    texts: Vec<String>,
    /// Treat the arguments as the licences of combined inputs and say which licences the
    /// derived dataset may use.
    #[arg(long)]
    compatible: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

pub fn run(args: LicenceArgs) -> Result<Outcome, CliError> {
    let stdout = io::stdout();
    let mut out = stdout.lock();
    if args.compatible {
        let inputs: Vec<&str> = args.texts.iter().map(String::as_str).collect();
        match licence::compatibility(&inputs) {
            Ok(c) => {
                match args.format {
                    Format::Json => writeln!(out, "{}", to_json(&c))?,
                    Format::Text => write_compatibility(&mut out, &c)?,
                }
                Ok(if c.compatible {
                    Outcome::Clean
                } else {
                    Outcome::Findings
                })
            }
            // An input that is no licence is an answer about the data, not a usage error.
            Err(e @ LicenceError::Unknown { .. }) => {
                match args.format {
                    Format::Json => writeln!(
                        out,
                        "{}",
                        to_json(
                            &serde_json::json!({ "error": { "code": e.code(), "message": e.to_string() } })
                        )
                    )?,
                    Format::Text => writeln!(out, "error   {}   {e}", e.code())?,
                }
                Ok(Outcome::Findings)
            }
            Err(e) => Err(CliError::Core(e.into())),
        }
    } else {
        let report = licence::analyse(&args.texts.join(" "));
        match args.format {
            Format::Json => writeln!(out, "{}", to_json(&report))?,
            Format::Text => write_report(&mut out, &report)?,
        }
        Ok(if report.ok {
            Outcome::Clean
        } else {
            Outcome::Findings
        })
    }
}

fn yes_no(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "no"
    }
}

fn list(v: &[&str]) -> String {
    if v.is_empty() {
        "none".to_owned()
    } else {
        v.join(", ")
    }
}

fn write_licence(out: &mut impl Write, l: &Licence) -> io::Result<()> {
    writeln!(out, "  licence:      {} ({})", l.id, l.title)?;
    if l.spdx_id.is_none() {
        writeln!(out, "  spdx:         no SPDX id")?;
    }
    match l.not_open_reason() {
        None => writeln!(out, "  open:         yes")?,
        Some(why) => writeln!(out, "  open:         no ({why})")?,
    }
    writeln!(out, "  obligations:  {}", list(&l.obligations.names()))?;
    writeln!(
        out,
        "  HVD:          {}",
        yes_no(licence::is_hvd_compatible(l))
    )?;
    if let Some(eu) = l.eu_uri {
        writeln!(out, "  EU URI:       {eu}")?;
    }
    if let Some(u) = l.urls.first() {
        writeln!(out, "  URL:          {u}")?;
    }
    Ok(())
}

fn write_report(out: &mut impl Write, r: &LicenceReport) -> io::Result<()> {
    let res = &r.resolution;
    writeln!(out, "{}", res.input.trim())?;
    if let Some(l) = res.licence {
        let how = serde_json::to_value(res.matched_by).ok();
        let how = how.as_ref().and_then(|v| v.as_str()).unwrap_or("?");
        write_licence(out, l)?;
        writeln!(
            out,
            "  matched by:   {how} (confidence {:.2})",
            res.confidence
        )?;
    }
    if !res.candidates.is_empty() {
        let c: Vec<&str> = res.candidates.iter().map(|l| l.id).collect();
        writeln!(out, "  candidates:   {}", c.join(", "))?;
    }
    super::output::write_findings(out, &r.findings)?;
    if r.ok {
        writeln!(out, "OK: a known open licence.")?;
    }
    Ok(())
}

fn write_compatibility(out: &mut impl Write, c: &Compatibility) -> io::Result<()> {
    writeln!(out, "Inputs:")?;
    for r in &c.inputs {
        if let Some(l) = r.licence {
            let open = if l.open { "open" } else { "not open" };
            writeln!(out, "  {:<28} {} ({open})", r.input, l.id)?;
        }
    }
    writeln!(
        out,
        "Combined obligations: {}",
        list(&c.obligations.names())
    )?;
    let allowed: Vec<&str> = c.allowed.iter().map(|l| l.id).collect();
    writeln!(out, "A derived dataset may use: {}", list(&allowed))?;
    if let Some(r) = c.recommended {
        writeln!(out, "Recommended: {} ({})", r.id, r.title)?;
    }
    if !c.rejected.is_empty() {
        writeln!(out, "Cannot use:")?;
        for r in &c.rejected {
            writeln!(out, "  {:<20} {}", r.licence.id, r.reasons.join("; "))?;
        }
    }
    if !c.reasons.is_empty() {
        writeln!(out, "Why:")?;
        for r in &c.reasons {
            writeln!(out, "  - {r}")?;
        }
    }
    if c.compatible {
        writeln!(out, "OK: the inputs can be combined.")?;
    } else {
        writeln!(out, "NOT COMPATIBLE: no licence fits every input.")?;
    }
    Ok(())
}
