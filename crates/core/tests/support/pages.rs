//! SQLCipher 4's pages decrypted without SQLCipher: every page of a database file (free pages
//! included) and of its WAL, for tests that look for bytes that must be gone.
//!
//! SQLCipher 4 with a raw key: 4096-byte pages, the last 80 bytes of each reserved for the IV (16)
//! and the HMAC-SHA512 (64); the rest is AES-256-CBC under the raw key with that IV, page 1 after
//! its 16-byte salt.

use std::path::Path;

use aes::cipher::{BlockDecryptMut, KeyIvInit};

const PAGE: usize = 4096;
const RESERVE: usize = 80;
const WAL_HEADER: usize = 32;
const FRAME_HEADER: usize = 24;

type Decryptor = cbc::Decryptor<aes::Aes256>;

fn decrypt_page(key: &[u8; 32], page: &[u8], first: bool) -> Vec<u8> {
    let start = if first { 16 } else { 0 };
    let iv = &page[PAGE - RESERVE..PAGE - RESERVE + 16];
    let mut data = page[start..PAGE - RESERVE].to_vec();
    Decryptor::new(key.into(), iv.into())
        .decrypt_padded_mut::<aes::cipher::block_padding::NoPadding>(&mut data)
        .expect("whole blocks");
    data
}

/// Every page of the database file and of its WAL, decrypted, one after the other.
pub fn decrypted(db: &Path, key: &[u8; 32]) -> Vec<u8> {
    let mut out = Vec::new();
    let file = std::fs::read(db).expect("the database");
    assert_eq!(file.len() % PAGE, 0, "whole pages");
    for (i, page) in file.chunks(PAGE).enumerate() {
        out.extend(decrypt_page(key, page, i == 0));
    }
    let mut wal_name = db.as_os_str().to_owned();
    wal_name.push("-wal");
    if let Ok(wal) = std::fs::read(&wal_name) {
        for frame in wal.get(WAL_HEADER..).unwrap_or_default().chunks(FRAME_HEADER + PAGE) {
            if frame.len() < FRAME_HEADER + PAGE {
                break;
            }
            let number = u32::from_be_bytes([frame[0], frame[1], frame[2], frame[3]]);
            out.extend(decrypt_page(key, &frame[FRAME_HEADER..], number == 1));
        }
    }
    out
}

/// Whether `needle` occurs in `haystack`, ignoring ASCII case.
pub fn contains(haystack: &[u8], needle: &str) -> bool {
    let needle = needle.to_ascii_lowercase();
    let needle = needle.as_bytes();
    haystack.windows(needle.len()).any(|w| w.eq_ignore_ascii_case(needle))
}
