//! A part of the archive inflated a piece at a time: the readers scan what the buffer holds,
//! keep the unfinished tail, and ask for more. A sheet of a million rows never sits whole in
//! memory; the buffer only grows when one element (a cell, a string) does not fit.

use std::io::Read;

/// Bytes inflated per read.
const CHUNK: usize = 256 << 10;
/// The largest single element (a cell with its value, a shared string) the readers accept.
pub const MAX_ELEMENT: usize = 64 << 20;

pub struct Chunks<R> {
    reader: R,
    buf: Vec<u8>,
    start: usize,
    end: usize,
    eof: bool,
}

/// Why no more bytes came.
#[derive(Debug)]
pub enum FillError {
    Io(std::io::Error),
    /// One element is larger than [`MAX_ELEMENT`].
    TooLarge,
}

impl<R: Read> Chunks<R> {
    pub fn new(reader: R) -> Chunks<R> {
        Chunks { reader, buf: vec![0; CHUNK], start: 0, end: 0, eof: false }
    }
}

impl Chunks<std::io::Empty> {
    /// A part already inflated whole.
    pub fn whole(bytes: Vec<u8>) -> Chunks<std::io::Empty> {
        let end = bytes.len();
        Chunks { reader: std::io::empty(), buf: bytes, start: 0, end, eof: true }
    }
}

impl<R: Read> Chunks<R> {
    /// The bytes not yet consumed.
    #[inline]
    pub fn data(&self) -> &[u8] {
        &self.buf[self.start..self.end]
    }

    #[inline]
    pub fn consume(&mut self, n: usize) {
        self.start += n;
    }

    /// Reads more bytes after those not consumed; false when the part has ended.
    pub fn fill(&mut self) -> Result<bool, FillError> {
        if self.eof {
            return Ok(false);
        }
        if self.start > 0 {
            self.buf.copy_within(self.start..self.end, 0);
            self.end -= self.start;
            self.start = 0;
        }
        if self.end == self.buf.len() {
            if self.buf.len() >= MAX_ELEMENT {
                return Err(FillError::TooLarge);
            }
            self.buf.resize(self.buf.len() * 2, 0);
        }
        // Fill the buffer: an element that did not fit is scanned again only when the buffer
        // has doubled, not after every read.
        let before = self.end;
        while self.end < self.buf.len() {
            match self.reader.read(&mut self.buf[self.end..]) {
                Ok(0) => {
                    self.eof = true;
                    break;
                }
                Ok(n) => self.end += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                // The end of a part whose checksum does not match (see [`super::read_part`]).
                Err(e) if super::checksum_only(&e) => {
                    self.eof = true;
                    break;
                }
                Err(e) => return Err(FillError::Io(e)),
            }
        }
        Ok(self.end > before)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_tail_and_grows_for_a_large_element() {
        let bytes: Vec<u8> = (0..CHUNK * 3).map(|i| (i % 251) as u8).collect();
        let mut c = Chunks::new(&bytes[..]);
        assert!(c.fill().unwrap());
        let first = c.data().len();
        c.consume(first - 10);
        assert!(c.fill().unwrap());
        assert_eq!(c.data()[..10], bytes[first - 10..first]);
        // Nothing consumed: the buffer grows to hold more.
        while c.fill().unwrap() {}
        assert_eq!(c.data(), &bytes[first - 10..]);
    }
}
