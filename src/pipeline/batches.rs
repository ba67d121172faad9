//! Records handed over in batches, from a reader thread when there is one.

use super::*;

/// Records per hand-over between the reader thread and the scoring thread.
pub(super) const BATCH_ROWS: usize = 512;

#[derive(Default)]
pub(super) struct Batch {
    pub(super) records: Vec<RawRecord>,
    pub(super) lines: Vec<u64>,
}

/// Fills `batch` with up to [`BATCH_ROWS`] records; false at the end of the file.
pub(super) fn fill(records: &mut (dyn RecordSource + '_), batch: &mut Batch) -> Result<bool, InputError> {
    batch.lines.clear();
    while batch.lines.len() < BATCH_ROWS {
        let i = batch.lines.len();
        if batch.records.len() == i {
            batch.records.push(RawRecord::default());
        }
        match records.read_bytes(&mut batch.records[i])? {
            Some(line) => batch.lines.push(line),
            None => return Ok(false),
        }
    }
    Ok(true)
}

/// Reads the records in batches and hands each to `each`, in order. When `threaded`, the
/// reading (decoding, checksum, CSV parsing) runs on a thread of its own while `each` runs
/// on the calling thread; batches come back empty to be filled again, so records are not
/// reallocated.
pub(super) fn read_batches(
    mut records: Box<dyn RecordSource + '_>,
    threaded: bool,
    mut each: impl FnMut(&Batch) -> Result<(), RunError>,
) -> Result<(), RunError> {
    if !threaded {
        let mut batch = Batch::default();
        loop {
            let more = fill(records.as_mut(), &mut batch)?;
            each(&batch)?;
            if !more {
                return Ok(());
            }
        }
    }
    let (full_tx, full_rx) = mpsc::sync_channel::<Result<Batch, InputError>>(8);
    let (empty_tx, empty_rx) = mpsc::channel::<Batch>();
    std::thread::scope(|s| {
        s.spawn(move || {
            loop {
                let mut batch = empty_rx.try_recv().unwrap_or_default();
                let more = match fill(records.as_mut(), &mut batch) {
                    Ok(more) => more,
                    Err(e) => {
                        let _ = full_tx.send(Err(e));
                        return;
                    }
                };
                // A closed channel means the scoring side stopped on an error: stop too.
                if full_tx.send(Ok(batch)).is_err() || !more {
                    return;
                }
            }
        });
        for batch in full_rx {
            let batch = batch?;
            each(&batch)?;
            let _ = empty_tx.send(batch);
        }
        Ok(())
    })
}
