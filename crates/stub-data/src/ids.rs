//! Export task ids that carry their task: when it was created, how it runs, and which records
//! it exports, sealed with a checksum and written in URL-safe base64.
//!
//! The stub keeps no task store that replicas would have to share. Everything a task's
//! status, file name and file depend on is in its id, so any replica serving the same dataset
//! answers the same for the same id and clock, and a restarted stub still knows its tasks.
//!
//! Layout (before base64url without padding):
//!
//! ```text
//! version (1 byte, = 1)
//! created_ms (6 bytes, big-endian milliseconds since the Unix epoch)
//! flags (1 byte: bit 0 = the task fails)
//! delay_ms (LEB128)  retention_ms (LEB128)
//! body (vendor-specific: language, scope, sort, selection)
//! checksum (4 bytes: the first bytes of SHA-256 over a per-vendor domain and all of the above)
//! ```
//!
//! The selection is a set of record positions in the dataset, written as runs or as a bitmap,
//! whichever is shorter; with the dataset's group and host sizes an id is 25 to 45 characters.

use sha2::{Digest, Sha256};

use crate::tasks::TaskPlan;

/// Format version of the ids this build writes and reads.
const VERSION: u8 = 1;
/// Bytes of the checksum at the end.
const CHECKSUM_LEN: usize = 4;
/// Largest creation time the six bytes hold (the year 10889).
const MAX_CREATED_MS: i64 = (1 << 48) - 1;
/// Upper bound on a decoded id's size; ids are far shorter, and this keeps a hostile id from
/// making the decoder allocate.
const MAX_ID_CHARS: usize = 16 * 1024;

const BASE64: base64::engine::GeneralPurpose = base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// Appends the parts of an id's body.
#[derive(Debug, Default)]
pub(crate) struct Writer {
    bytes: Vec<u8>,
}

impl Writer {
    pub(crate) fn byte(&mut self, value: u8) {
        self.bytes.push(value);
    }

    /// An unsigned LEB128 number: 7 bits per byte, low bits first.
    pub(crate) fn varint(&mut self, mut value: u64) {
        loop {
            let low = (value & 0x7f) as u8;
            value >>= 7;
            if value == 0 {
                self.bytes.push(low);
                return;
            }
            self.bytes.push(low | 0x80);
        }
    }

    /// A set of positions in `0..len`, given sorted and without repeats.
    pub(crate) fn selection(&mut self, positions: &[usize], len: usize) {
        let mut runs = Writer::default();
        let mut count = 0_u64;
        let mut body = Writer::default();
        let mut next = 0_usize;
        let mut i = 0;
        while i < positions.len() {
            let start = positions[i];
            let mut end = start + 1;
            while i + 1 < positions.len() && positions[i + 1] == end {
                end += 1;
                i += 1;
            }
            body.varint((start - next) as u64);
            body.varint((end - start - 1) as u64);
            count += 1;
            next = end;
            i += 1;
        }
        runs.byte(0);
        runs.varint(count);
        runs.bytes.extend(body.bytes);

        let mut bitmap = vec![0_u8; len.div_ceil(8)];
        for &p in positions {
            bitmap[p / 8] |= 1 << (p % 8);
        }
        if 1 + bitmap.len() < runs.bytes.len() {
            self.byte(1);
            self.bytes.extend(bitmap);
        } else {
            self.bytes.extend(runs.bytes);
        }
    }
}

/// Reads the parts of an id's body back; every read fails rather than panics on a short or
/// malformed id.
#[derive(Debug)]
pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
}

impl Reader<'_> {
    pub(crate) fn byte(&mut self) -> Option<u8> {
        let (&first, rest) = self.bytes.split_first()?;
        self.bytes = rest;
        Some(first)
    }

    pub(crate) fn varint(&mut self) -> Option<u64> {
        let mut value = 0_u64;
        for shift in (0..64).step_by(7) {
            let byte = self.byte()?;
            value |= u64::from(byte & 0x7f).checked_shl(shift)?;
            if byte & 0x80 == 0 {
                return Some(value);
            }
        }
        None
    }

    /// A set written by [`Writer::selection`] for the same `len`; `None` when a position is
    /// not below `len` (an id made for another dataset).
    pub(crate) fn selection(&mut self, len: usize) -> Option<Vec<usize>> {
        let mut positions = Vec::new();
        match self.byte()? {
            0 => {
                let count = self.varint()?;
                let mut next = 0_usize;
                for _ in 0..count {
                    let start = next.checked_add(usize::try_from(self.varint()?).ok()?)?;
                    let run = usize::try_from(self.varint()?).ok()?.checked_add(1)?;
                    let end = start.checked_add(run)?;
                    if end > len {
                        return None;
                    }
                    positions.extend(start..end);
                    next = end;
                }
            }
            1 => {
                let bytes = len.div_ceil(8);
                if self.bytes.len() < bytes {
                    return None;
                }
                let (bitmap, rest) = self.bytes.split_at(bytes);
                self.bytes = rest;
                positions.extend((0..len).filter(|p| bitmap[p / 8] & (1 << (p % 8)) != 0));
            }
            _ => return None,
        }
        Some(positions)
    }

    /// Whether every byte was read.
    pub(crate) fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }
}

fn checksum(domain: &str, payload: &[u8]) -> [u8; CHECKSUM_LEN] {
    let mut hasher = Sha256::new();
    hasher.update((domain.len() as u64).to_le_bytes());
    hasher.update(domain.as_bytes());
    hasher.update(payload);
    let digest = hasher.finalize();
    let mut out = [0_u8; CHECKSUM_LEN];
    out.copy_from_slice(&digest[..CHECKSUM_LEN]);
    out
}

/// Writes the id of a task with this plan and body; `domain` keeps the ids of different
/// vendors apart.
pub(crate) fn seal(domain: &str, plan: &TaskPlan, body: Writer) -> String {
    let mut payload = Vec::with_capacity(16 + body.bytes.len() + CHECKSUM_LEN);
    payload.push(VERSION);
    let created = plan.created_ms.clamp(0, MAX_CREATED_MS) as u64;
    payload.extend_from_slice(&created.to_be_bytes()[2..]);
    payload.push(u8::from(plan.fail));
    let mut numbers = Writer::default();
    numbers.varint(plan.delay_ms);
    numbers.varint(plan.retention_ms);
    payload.extend(numbers.bytes);
    payload.extend(body.bytes);
    let sum = checksum(domain, &payload);
    payload.extend_from_slice(&sum);
    base64::Engine::encode(&BASE64, payload)
}

/// Reads an id written by [`seal`] with the same `domain`: its plan and a reader over its
/// body. `None` for anything else (another vendor's id, a typo, a made-up value).
pub(crate) fn unseal<'a>(
    domain: &str,
    id: &str,
    buffer: &'a mut Vec<u8>,
) -> Option<(TaskPlan, Reader<'a>)> {
    if id.len() > MAX_ID_CHARS {
        return None;
    }
    *buffer = base64::Engine::decode(&BASE64, id).ok()?;
    if buffer.len() < 1 + 6 + 1 + CHECKSUM_LEN {
        return None;
    }
    let (payload, sum) = buffer.split_at(buffer.len() - CHECKSUM_LEN);
    if checksum(domain, payload) != sum || payload[0] != VERSION {
        return None;
    }
    let mut created = [0_u8; 8];
    created[2..].copy_from_slice(&payload[1..7]);
    let fail = match payload[7] {
        0 => false,
        1 => true,
        _ => return None,
    };
    let mut reader = Reader {
        bytes: &payload[8..],
    };
    let delay_ms = reader.varint()?;
    let retention_ms = reader.varint()?;
    let plan = TaskPlan {
        created_ms: i64::from_be_bytes(created),
        delay_ms,
        retention_ms,
        fail,
    };
    Some((plan, reader))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan() -> TaskPlan {
        TaskPlan {
            created_ms: 1_770_710_400_000,
            delay_ms: 500,
            retention_ms: 604_800_000,
            fail: false,
        }
    }

    fn roundtrip(positions: &[usize], len: usize) -> Option<Vec<usize>> {
        let mut body = Writer::default();
        body.selection(positions, len);
        let id = seal("test", &plan(), body);
        let mut buffer = Vec::new();
        let (read_plan, mut reader) = unseal("test", &id, &mut buffer)?;
        assert_eq!(read_plan, plan());
        let read = reader.selection(len)?;
        assert!(reader.is_empty());
        Some(read)
    }

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
    fn varints_round_trip_at_their_edges() {
        for value in [
            0,
            1,
            127,
            128,
            16_383,
            16_384,
            u64::from(u32::MAX),
            u64::MAX,
        ] {
            let mut w = Writer::default();
            w.varint(value);
            assert_eq!(Reader { bytes: &w.bytes }.varint(), Some(value), "{value}");
        }
        // LEB128: 300 is 0xac 0x02.
        let mut w = Writer::default();
        w.varint(300);
        assert_eq!(w.bytes, [0xac, 0x02]);
        assert_eq!(Reader { bytes: &[0x80] }.varint(), None, "truncated");
    }

    #[test]
    fn selections_round_trip_as_runs_or_bitmaps() {
        assert_eq!(roundtrip(&[], 0), Some(vec![]));
        assert_eq!(roundtrip(&[], 10), Some(vec![]));
        let all: Vec<usize> = (0..62).collect();
        assert_eq!(roundtrip(&all, 62), Some(all));
        let alternate: Vec<usize> = (0..138).step_by(2).collect();
        assert_eq!(roundtrip(&alternate, 138), Some(alternate));
        assert_eq!(
            roundtrip(&[3, 4, 5, 9, 137], 138),
            Some(vec![3, 4, 5, 9, 137])
        );
    }

    #[test]
    fn the_shorter_form_is_written() {
        let mut runs = Writer::default();
        runs.selection(&(0..138).collect::<Vec<_>>(), 138);
        assert_eq!(
            runs.bytes,
            [0, 1, 0, 137, 1],
            "one run: form, count, gap, length-1"
        );
        let mut bitmap = Writer::default();
        bitmap.selection(&(0..138).step_by(2).collect::<Vec<_>>(), 138);
        assert_eq!(bitmap.bytes.len(), 1 + 18, "form byte and 138 bits");
        assert_eq!(bitmap.bytes[0], 1);
    }

    #[test]
    fn tampered_foreign_and_garbled_ids_are_refused() {
        let id = seal("workspace", &plan(), Writer::default());
        let mut buffer = Vec::new();
        assert!(unseal("workspace", &id, &mut buffer).is_some());
        assert!(
            unseal("tencent", &id, &mut buffer).is_none(),
            "other domain"
        );
        for (i, c) in id.char_indices() {
            let other = if c == 'A' { 'B' } else { 'A' };
            let mut tampered = id.clone();
            tampered.replace_range(i..i + 1, &other.to_string());
            assert!(
                unseal("workspace", &tampered, &mut buffer).is_none(),
                "character {i} changed: {tampered}"
            );
        }
        for garbage in ["", "11", "not base64!", "AAAA", &"A".repeat(20_000)] {
            assert!(
                unseal("workspace", garbage, &mut buffer).is_none(),
                "{garbage}"
            );
        }
    }

    #[test]
    fn positions_beyond_the_dataset_are_refused() {
        let mut body = Writer::default();
        body.selection(&[0, 40], 41);
        let id = seal("test", &plan(), body);
        let mut buffer = Vec::new();
        let (_, mut reader) = unseal("test", &id, &mut buffer).expect("sealed");
        assert_eq!(reader.selection(40), None);
    }

    #[test]
    fn ids_are_url_safe() {
        let mut body = Writer::default();
        body.selection(&(0..200).step_by(3).collect::<Vec<_>>(), 200);
        let id = seal("test", &plan(), body);
        assert!(
            id.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
            "{id}"
        );
    }
}
