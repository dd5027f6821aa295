//! Tamper evidence: verifying a distribution's file against its recorded `spdx:checksum`.

use std::io::Read;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256, Sha512};

use super::model::Checksum;
use super::ns::spdx;
use crate::error::CatalogError;

/// The outcome of checking a file against a checksum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum ChecksumStatus {
    /// The file's digest equals the recorded value.
    Match,
    /// The file's digest differs: the file is not the one described.
    Mismatch,
    /// The algorithm is not one opendata computes (SHA-256 and SHA-512 are).
    UnsupportedAlgorithm,
}

/// A checksum verification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ChecksumVerification {
    /// The verdict.
    pub status: ChecksumStatus,
    /// `spdx:algorithm`.
    pub algorithm: String,
    /// The recorded value (lower-case hex).
    pub expected: String,
    /// The file's digest, when computed.
    pub actual: Option<String>,
    /// Bytes read.
    pub bytes: u64,
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn digest<D: Digest>(mut reader: impl Read) -> Result<(String, u64), CatalogError> {
    let mut hasher = D::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut total = 0u64;
    loop {
        let n = reader.read(&mut buf)?;
        if n == 0 {
            break;
        }
        total += n as u64;
        hasher.update(buf.get(..n).unwrap_or_default());
    }
    Ok((hex(&hasher.finalize()), total))
}

/// The SHA-256 of everything `reader` yields, as lower-case hex, and the byte count.
pub fn sha256_hex(reader: impl Read) -> Result<(String, u64), CatalogError> {
    digest::<Sha256>(reader)
}

/// Verifies a file against a recorded checksum, reading it in 64 KiB blocks.
///
/// ```
/// use opendata_core::catalog::{verify_checksum, Checksum, ChecksumStatus};
/// let recorded = Checksum::sha256("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
/// let v = verify_checksum(&recorded, "hello".as_bytes())?;
/// assert_eq!(v.status, ChecksumStatus::Match);
/// assert_eq!(verify_checksum(&recorded, "hello!".as_bytes())?.status, ChecksumStatus::Mismatch);
/// # Ok::<(), opendata_core::CatalogError>(())
/// ```
pub fn verify_checksum(
    checksum: &Checksum,
    reader: impl Read,
) -> Result<ChecksumVerification, CatalogError> {
    let expected = checksum.value.trim().to_ascii_lowercase();
    let computed = match checksum.algorithm.as_str() {
        spdx::SHA256 | "https://spdx.org/rdf/terms#checksumAlgorithm_sha256" => {
            Some(digest::<Sha256>(reader)?)
        }
        spdx::SHA512 | "https://spdx.org/rdf/terms#checksumAlgorithm_sha512" => {
            Some(digest::<Sha512>(reader)?)
        }
        _ => None,
    };
    Ok(match computed {
        Some((actual, bytes)) => ChecksumVerification {
            status: if actual == expected {
                ChecksumStatus::Match
            } else {
                ChecksumStatus::Mismatch
            },
            algorithm: checksum.algorithm.clone(),
            expected,
            actual: Some(actual),
            bytes,
        },
        None => ChecksumVerification {
            status: ChecksumStatus::UnsupportedAlgorithm,
            algorithm: checksum.algorithm.clone(),
            expected,
            actual: None,
            bytes: 0,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upper_case_recorded_values_match() {
        let c =
            Checksum::sha256("2CF24DBA5FB0A30E26E83B2AC5B9E29E1B161E5C1FA7425E73043362938B9824");
        let v = verify_checksum(&c, "hello".as_bytes()).unwrap();
        assert_eq!(v.status, ChecksumStatus::Match);
        assert_eq!(v.bytes, 5);
    }

    #[test]
    fn md5_is_reported_unsupported_not_passed() {
        let mut c = Checksum::sha256("5d41402abc4b2a76b9719d911017c592");
        c.algorithm = spdx::MD5.to_owned();
        assert_eq!(
            verify_checksum(&c, "hello".as_bytes()).unwrap().status,
            ChecksumStatus::UnsupportedAlgorithm
        );
    }

    #[test]
    fn sha512_is_computed() {
        let mut c = Checksum::sha256("x");
        c.algorithm = spdx::SHA512.to_owned();
        let v = verify_checksum(&c, "".as_bytes()).unwrap();
        assert_eq!(v.status, ChecksumStatus::Mismatch);
        assert!(v.actual.unwrap().starts_with("cf83e1357eefb8bd"));
    }
}
