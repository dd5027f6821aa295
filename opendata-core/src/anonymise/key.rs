//! Secrets handed in by the caller: the pseudonymisation key and the seed of random tokens.
//!
//! Neither type implements `Serialize`, `Display` or a revealing `Debug`, so a key cannot end
//! up in a policy file, a report or a log line by accident. Both are wiped when dropped.

use std::hash::{BuildHasher, Hasher};

use crate::error::AnonymiseError;

/// Fewest key bytes accepted: 128 bits, the floor for an HMAC key that must resist guessing.
pub const MIN_KEY_BYTES: usize = 16;

/// The secret key of keyed pseudonyms (HMAC-SHA256). Same key, same pseudonyms.
pub struct Key(Vec<u8>);

impl Key {
    /// A key from raw bytes; at least [`MIN_KEY_BYTES`] of them.
    ///
    /// ```
    /// use opendata_core::anonymise::Key;
    /// let key = Key::new(b"0123456789abcdef-a-long-secret".to_vec())?;
    /// assert_eq!(format!("{key:?}"), "Key(<redacted>)");
    /// # Ok::<(), opendata_core::Error>(())
    /// ```
    pub fn new(bytes: impl Into<Vec<u8>>) -> Result<Self, AnonymiseError> {
        let bytes = bytes.into();
        if bytes.len() < MIN_KEY_BYTES {
            let len = bytes.len();
            wipe(bytes);
            return Err(AnonymiseError::WeakKey {
                bytes: len,
                min: MIN_KEY_BYTES,
            });
        }
        Ok(Self(bytes))
    }

    pub(crate) fn bytes(&self) -> &[u8] {
        &self.0
    }
}

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Key(<redacted>)")
    }
}

impl Drop for Key {
    fn drop(&mut self) {
        wipe(std::mem::take(&mut self.0));
    }
}

/// The seed of random tokens: the same seed gives the same tokens (reproducible output);
/// without one every run draws a fresh seed, so tokens do not link across runs.
#[derive(Clone)]
pub struct Seed([u8; 32]);

impl Seed {
    /// A seed from bytes (any length; they are hashed into the 32-byte seed).
    pub fn from_bytes(bytes: &[u8]) -> Self {
        use sha2::{Digest, Sha256};
        let mut h = Sha256::new();
        h.update(b"opendata/seed/v1\0");
        h.update(bytes);
        Self(h.finalize().into())
    }

    /// A fresh seed from the randomness the standard library seeds its hash maps with (the
    /// operating system's generator). On `wasm32-unknown-unknown` that source is fixed, so
    /// browser callers must pass a seed drawn with `crypto.getRandomValues`.
    pub fn random() -> Self {
        let mut material = Vec::with_capacity(64);
        for i in 0u64..8 {
            let mut h = std::collections::hash_map::RandomState::new().build_hasher();
            h.write_u64(i);
            material.extend_from_slice(&h.finish().to_le_bytes());
        }
        let seed = Self::from_bytes(&material);
        wipe(material);
        seed
    }

    pub(crate) fn bytes(&self) -> &[u8] {
        &self.0
    }
}

impl std::fmt::Debug for Seed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Seed(<redacted>)")
    }
}

impl Drop for Seed {
    fn drop(&mut self) {
        self.0.fill(0);
        std::hint::black_box(&self.0);
    }
}

/// Overwrites secret bytes before their memory is freed; `black_box` keeps the compiler from
/// dropping the writes as dead stores.
fn wipe(mut bytes: Vec<u8>) {
    bytes.fill(0);
    std::hint::black_box(&bytes);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_key_is_refused_with_its_length_only() {
        let err = Key::new(b"short".to_vec()).unwrap_err();
        assert_eq!(err.code(), "anonymise.weak-key");
        assert!(!err.to_string().contains("short"));
    }

    #[test]
    fn debug_never_shows_secret_bytes() {
        let key = Key::new(b"SECRET-KEY-MATERIAL-123".to_vec()).unwrap();
        let seed = Seed::from_bytes(b"SEED-MATERIAL");
        let shown = format!("{key:?} {key:#?} {seed:?} {seed:#?}");
        assert!(!shown.contains("SECRET"), "{shown}");
        assert!(!shown.contains("83"), "{shown}"); // no byte values either
    }

    #[test]
    fn random_seeds_differ() {
        assert_ne!(Seed::random().bytes(), Seed::random().bytes());
    }
}
