//! Leaf types shared by input, pipeline and reports.

pub mod mark;
