//! Deterministic task ids: a SHA-256 over an unambiguous encoding of what the task exports.
//!
//! The stub has no task store: an id that is a pure function of the operation, the normalized
//! request and the selected records means a repeated request gets the same id, a different
//! selection a different one, and a later "task status" endpoint can be written without state.

use sha2::{Digest, Sha256};

/// Feeds values into SHA-256 so that distinct sequences of values never collide by
/// concatenation: every value is prefixed by a type tag and, for text, its byte length.
#[derive(Debug, Clone)]
pub(crate) struct Canonical {
    hasher: Sha256,
}

impl Canonical {
    /// Starts a digest for one operation; the name keeps ids of different operations apart.
    pub(crate) fn new(operation: &str) -> Self {
        let mut canonical = Self {
            hasher: Sha256::new(),
        };
        canonical.text(operation);
        canonical
    }

    pub(crate) fn text(&mut self, value: &str) {
        self.hasher.update([b's']);
        self.hasher.update((value.len() as u64).to_le_bytes());
        self.hasher.update(value.as_bytes());
    }

    pub(crate) fn number(&mut self, value: u64) {
        self.hasher.update([b'n']);
        self.hasher.update(value.to_le_bytes());
    }

    pub(crate) fn optional(&mut self, value: Option<&str>) {
        match value {
            None => self.hasher.update([b'-']),
            Some(value) => self.text(value),
        }
    }

    /// Marks the start of a list of `len` items, so that items cannot move between lists.
    pub(crate) fn list(&mut self, len: usize) {
        self.hasher.update([b'l']);
        self.hasher.update((len as u64).to_le_bytes());
    }

    pub(crate) fn finish(self) -> [u8; 32] {
        self.hasher.finalize().into()
    }
}

/// Renders a digest as a lowercase 8-4-4-4-12 UUID: its first 16 bytes with the version and
/// variant bits of an RFC 9562 version 8 ("custom") UUID, so UUID parsers accept it.
pub(crate) fn uuid_from_digest(digest: &[u8; 32]) -> String {
    let mut bytes = [0_u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    bytes[6] = (bytes[6] & 0x0f) | 0x80;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

/// Largest integer a JSON number in a double-precision client keeps exactly (2^53 − 1).
const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

/// Renders a digest as a decimal number in `1..=2^53 − 1`: Tencent's task ids are numeric
/// text (its example is `"11"`), and staying within 2^53 keeps them exact for clients that
/// parse them as JavaScript numbers. No leading zeros, never `0`.
pub(crate) fn decimal_from_digest(digest: &[u8; 32]) -> String {
    let mut first = [0_u8; 8];
    first.copy_from_slice(&digest[..8]);
    (u64::from_be_bytes(first) % MAX_SAFE_INTEGER + 1).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_of_the_empty_input_is_the_known_value() {
        // Guards the dependency: the well-known SHA-256 of "" starts e3b0c442 98fc1c14.
        let digest: [u8; 32] = Sha256::new().finalize().into();
        assert_eq!(
            &digest[..8],
            &[0xe3, 0xb0, 0xc4, 0x42, 0x98, 0xfc, 0x1c, 0x14]
        );
    }

    #[test]
    fn uuid_shape_and_version_bits() {
        let id = uuid_from_digest(&[0xff; 32]);
        assert_eq!(id, "ffffffff-ffff-8fff-bfff-ffffffffffff");
        let id = uuid_from_digest(&[0x00; 32]);
        assert_eq!(id, "00000000-0000-8000-8000-000000000000");
    }

    #[test]
    fn decimal_ids_are_in_range() {
        assert_eq!(decimal_from_digest(&[0; 32]), "1");
        let max = decimal_from_digest(&[0xff; 32]);
        // 2^64 − 1 mod (2^53 − 1) is 2^11 − 1 = 2047, plus one.
        assert_eq!(max, "2048");
    }

    #[test]
    fn encoding_is_unambiguous() {
        let digest = |parts: &[&str]| {
            let mut c = Canonical::new("op");
            for part in parts {
                c.text(part);
            }
            c.finish()
        };
        assert_ne!(digest(&["ab", "c"]), digest(&["a", "bc"]));
        let mut a = Canonical::new("op");
        a.optional(None);
        let mut b = Canonical::new("op");
        b.optional(Some(""));
        assert_ne!(a.finish(), b.finish());
        assert_ne!(
            Canonical::new("op1").finish(),
            Canonical::new("op2").finish()
        );
    }
}
