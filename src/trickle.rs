//! A reader that hands out at most a few bytes at a time: tests of the readers (text decoding,
//! shared strings, sheet cells) check that the result does not depend on where reads cut.

use std::io::Read;

/// Reads `.0` at most `.1` bytes per call.
pub struct Trickle<'a>(pub &'a [u8], pub usize);

impl Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.1.min(buf.len()).min(self.0.len());
        buf[..n].copy_from_slice(&self.0[..n]);
        self.0 = &self.0[n..];
        Ok(n)
    }
}
