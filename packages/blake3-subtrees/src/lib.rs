//! BLAKE3 over parts of one input, for hashing a large file on several threads:
//! each thread hashes aligned subtrees of it (SubtreeHasher) and one of them
//! merges their chaining values into the file's digest (mergeSubtrees). The
//! digest is the plain BLAKE3 of the whole input; tests check it against one.
use blake3::hazmat::{merge_subtrees_non_root, merge_subtrees_root, ChainingValue, HasherExt, Mode};
use napi::bindgen_prelude::*;
use napi_derive::napi;

const CHUNK_LEN: u64 = 1024;
/// Offsets and lengths come from JavaScript numbers: exact below 2^53.
const MAX_SAFE: f64 = 9007199254740991.0;

fn whole_bytes(value: f64, what: &str) -> Result<u64> {
    if !(value >= 0.0 && value <= MAX_SAFE && value.fract() == 0.0) {
        return Err(Error::new(Status::InvalidArg, format!("{what}: not a byte count")));
    }
    Ok(value as u64)
}

/// Hashes one subtree: `length` bytes starting `offset` bytes into the input.
#[napi]
pub struct SubtreeHasher {
    inner: blake3::Hasher,
    offset: u64,
    length: u64,
    seen: u64,
}

#[napi]
impl SubtreeHasher {
    /// Away from offset 0, `offset` must be a multiple of 1024 and of the
    /// largest power of two not above `length` (BLAKE3's subtrees are aligned),
    /// and `length` at least one byte. At offset 0 any length goes: the part
    /// may be the whole input (see digest).
    #[napi(constructor)]
    pub fn new(offset: f64, length: f64) -> Result<Self> {
        let offset = whole_bytes(offset, "offset")?;
        let length = whole_bytes(length, "length")?;
        let aligned = offset == 0 || (offset % CHUNK_LEN == 0 && length > 0 && length <= (1u64 << offset.trailing_zeros()));
        if !aligned {
            return Err(Error::new(Status::InvalidArg, format!("{length} bytes at {offset} are not a BLAKE3 subtree")));
        }
        let mut inner = blake3::Hasher::new();
        inner.set_input_offset(offset);
        Ok(SubtreeHasher { inner, offset, length, seen: 0 })
    }

    #[napi]
    pub fn update(&mut self, input: &[u8]) -> Result<()> {
        if self.seen + input.len() as u64 > self.length {
            return Err(Error::new(Status::InvalidArg, format!("more than the {} bytes of the subtree at {}", self.length, self.offset)));
        }
        self.seen += input.len() as u64;
        self.inner.update(input);
        Ok(())
    }

    /// The subtree's 32-byte chaining value, once all its bytes are in. At
    /// offset 0 the subtree holds more than one chunk (1024 bytes); one chunk
    /// there is a whole input.
    #[napi]
    pub fn chaining_value(&self) -> Result<Buffer> {
        self.check_complete()?;
        if self.offset == 0 && self.length <= CHUNK_LEN {
            return Err(Error::new(Status::InvalidArg, format!("{} bytes at 0 are a whole input, not a subtree", self.length)));
        }
        let cv: ChainingValue = self.inner.finalize_non_root();
        Ok(cv.to_vec().into())
    }

    /// The digest (64 hex digits) of an input that is this part alone: one at offset 0.
    #[napi]
    pub fn digest(&self) -> Result<String> {
        self.check_complete()?;
        if self.offset != 0 {
            return Err(Error::new(Status::InvalidArg, format!("the part at {} is not a whole input", self.offset)));
        }
        Ok(self.inner.finalize().to_hex().to_string())
    }

    fn check_complete(&self) -> Result<()> {
        if self.seen != self.length {
            return Err(Error::new(Status::InvalidArg, format!("{} of the {} bytes of the subtree at {}", self.seen, self.length, self.offset)));
        }
        Ok(())
    }
}

fn chaining_value(bytes: &[u8]) -> Result<ChainingValue> {
    bytes.try_into().map_err(|_| Error::new(Status::InvalidArg, "a chaining value is 32 bytes".to_string()))
}

/// The parent of two adjacent subtrees: its chaining value, or, with `root`,
/// the digest of the whole input as 64 hex digits.
#[napi]
pub fn merge_subtrees(left: &[u8], right: &[u8], root: bool) -> Result<Either<String, Buffer>> {
    let (l, r) = (chaining_value(left)?, chaining_value(right)?);
    Ok(if root {
        Either::A(merge_subtrees_root(&l, &r, Mode::Hash).to_hex().to_string())
    } else {
        Either::B(merge_subtrees_non_root(&l, &r, Mode::Hash).to_vec().into())
    })
}
