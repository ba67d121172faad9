//! What the run asks of the C allocator (glibc on Linux; elsewhere nothing): both are about
//! memory the program no longer or hardly needs, never about what it holds.

use crate::input::Source;

/// Inputs smaller than this in all are a school's or a commune's run.
const SMALL_RUN_BYTES: u64 = 8 << 20;

/// For a small run, every thread allocates from one arena. glibc gives each thread an arena of
/// its own, grown a few pages per system call: on a 2,000-row roster about 240 `mprotect`
/// calls and a sixth of the run's time (10.1 → 8.4 ms, hyperfine). A large run keeps the
/// arenas: its threads allocate at once and would wait on each other (a folder of 1,600
/// workbooks took twice as long on one arena).
pub fn for_sources(sources: &[Source]) {
    let mut total = 0u64;
    for s in sources {
        match s.path().map(std::fs::metadata) {
            Some(Ok(m)) => total = total.saturating_add(m.len()),
            // Standard input or an unreadable file: its size is not known.
            _ => return,
        }
    }
    if total < SMALL_RUN_BYTES {
        one_arena();
    }
}

fn one_arena() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: M_ARENA_MAX only bounds how many arenas glibc creates from now on; memory
    // already allocated is untouched. Threads that already have an arena keep it.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 1);
    }
}

/// Gives the memory freed so far back to the system (glibc keeps it for reuse otherwise):
/// the id lists, tens of megabytes, are freed before the report is built, and should not
/// count twice in the run's peak.
pub fn give_back_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns unused pages of the allocator's own heaps to the
    // system; no allocation the program holds is moved or changed.
    unsafe {
        libc::malloc_trim(0);
    }
}
