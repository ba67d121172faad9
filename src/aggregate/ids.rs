//! The ids seen in a run, for duplicates: the only part of a run's memory that grows with the
//! number of people. Kept compact: an id of up to 17 digits (a 12-digit CCCD, a 10-digit
//! Ministry code) is one `u64` holding its value and its length, so "0371" and "371" stay
//! different people; any other id is a boxed string. Each id maps to a [`Value`] of the
//! caller's choosing (where it was first seen, and what that row said).

use std::borrow::Cow;
use std::collections::HashMap;

use foldhash::fast::FixedState;

/// Digits that fit beside a 5-bit length in a `u64`: 10^17 < 2^57.
const MAX_DIGITS: usize = 17;
const LEN_SHIFT: u32 = 57;

/// The key under which two rows are the same person: the id without whitespace, in upper
/// case. Borrowed from the cell when the cell already is that (the common case).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum IdKey<'a> {
    Number(u64),
    Text(Cow<'a, str>),
}

impl<'a> IdKey<'a> {
    /// The key of an id as typed (trimmed, NFC); `None` when it cannot identify anyone:
    /// blank, or damaged by Excel into "1,23457E+11".
    pub fn of(id: &'a str) -> Option<IdKey<'a>> {
        if let Some(key) = IdKey::of_digits(id.as_bytes()) {
            return Some(key);
        }
        if crate::input::person::looks_like_excel_number(id) {
            return None;
        }
        let canonical = id.is_ascii() && !id.bytes().any(|c| c.is_ascii_whitespace() || c.is_ascii_lowercase());
        let key: Cow<'a, str> = if canonical {
            Cow::Borrowed(id)
        } else {
            Cow::Owned(id.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_uppercase).collect())
        };
        if key.is_empty() {
            return None;
        }
        if key.len() <= MAX_DIGITS && key.bytes().all(|c| c.is_ascii_digit()) {
            return Some(IdKey::Number(pack_digits(key.as_bytes())));
        }
        Some(IdKey::Text(key))
    }

    /// The key of an id made of 1 to 17 ASCII digits, with nothing around them; `None` for
    /// anything else (which [`IdKey::of`] then handles).
    pub fn of_digits(id: &[u8]) -> Option<IdKey<'static>> {
        let digits = !id.is_empty() && id.len() <= MAX_DIGITS && id.iter().all(u8::is_ascii_digit);
        digits.then(|| IdKey::Number(pack_digits(id)))
    }

    /// The key, owning its text.
    pub fn into_static(self) -> IdKey<'static> {
        match self {
            IdKey::Number(n) => IdKey::Number(n),
            IdKey::Text(t) => IdKey::Text(Cow::Owned(t.into_owned())),
        }
    }

    /// The key as text, as `PersonRow::id_key` gives it.
    pub fn text(&self) -> Cow<'_, str> {
        match self {
            IdKey::Number(n) => {
                let len = (n >> LEN_SHIFT) as usize;
                let value = n & ((1 << LEN_SHIFT) - 1);
                Cow::Owned(format!("{value:0len$}"))
            }
            IdKey::Text(t) => Cow::Borrowed(t),
        }
    }
}

fn pack_digits(digits: &[u8]) -> u64 {
    let value = digits.iter().fold(0u64, |v, d| v * 10 + u64::from(d - b'0'));
    ((digits.len() as u64) << LEN_SHIFT) | value
}

/// What an id maps to: two words of the caller's choosing.
pub type Value = [u64; 2];

/// Ids to one [`Value`] each. Iteration order is not meaningful; callers that report from it
/// sort what they report.
#[derive(Debug, Default)]
pub struct IdMap {
    numbers: NumberTable,
    texts: HashMap<Box<str>, Value, FixedState>,
}

impl IdMap {
    pub fn get(&self, key: &IdKey<'_>) -> Option<Value> {
        match key {
            IdKey::Number(n) => self.numbers.get(*n),
            IdKey::Text(t) => self.texts.get(t.as_ref()).copied(),
        }
    }

    /// Makes room for `additional` more ids without growing on the way.
    pub fn reserve(&mut self, additional: usize) {
        self.numbers.reserve(additional);
    }

    /// Inserts `key` unless present, in one look-up for a number; returns the value already
    /// held, if any.
    pub fn insert_new(&mut self, key: &IdKey<'_>, value: Value) -> Option<Value> {
        match key {
            IdKey::Number(n) => self.numbers.insert_new(*n, value),
            IdKey::Text(t) => match self.texts.get(t.as_ref()) {
                Some(&v) => Some(v),
                None => {
                    self.texts.insert(t.as_ref().into(), value);
                    None
                }
            },
        }
    }

    pub fn len(&self) -> usize {
        self.numbers.len() + self.texts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Rewrites every value in place.
    pub fn map_values(&mut self, mut f: impl FnMut(Value) -> Value) {
        self.numbers.map_values(&mut f);
        self.texts.values_mut().for_each(|v| *v = f(*v));
    }

    /// Every entry, emptying the map.
    pub fn drain(&mut self) -> impl Iterator<Item = (IdKey<'static>, Value)> + '_ {
        let numbers = self.numbers.drain().map(|(n, v)| (IdKey::Number(n), v));
        let texts = self.texts.drain().map(|(t, v)| (IdKey::Text(Cow::Owned(t.into_string())), v));
        numbers.chain(texts)
    }
}

/// How many shards the ids of a run are split into by hash: each shard is settled on its own,
/// in parallel with the others, in a table small enough to stay in the processor's cache
/// (a million ids: about 4,000 a shard, a table of 200 KB).
pub const SHARDS: usize = 256;
const SHARD_SHIFT: u32 = 64 - SHARDS.trailing_zeros();
/// Ids a table claims before its list is split by shard (a school's roster never is).
const SPLIT_FROM: usize = 4096;

fn number_shard(key: u64) -> usize {
    (mix(key) >> SHARD_SHIFT) as usize
}

/// What a listed id comes with: a word and a half of the caller's choosing.
pub type ListValue = (u64, u32);

/// One listed id: its packed key and value in 20 bytes (not 24: a million rows' list is what
/// a run holds in memory, once per row).
#[derive(Debug, Clone, Copy, Default)]
struct Listed([u32; 5]);

impl Listed {
    fn new(key: u64, (a, b): ListValue) -> Listed {
        Listed([key as u32, (key >> 32) as u32, a as u32, (a >> 32) as u32, b])
    }

    fn key(&self) -> u64 {
        u64::from(self.0[0]) | (u64::from(self.0[1]) << 32)
    }

    fn value(&self) -> ListValue {
        (u64::from(self.0[2]) | (u64::from(self.0[3]) << 32), self.0[4])
    }
}

/// The ids a table's rows claimed, in row order, each with a [`ListValue`]. Nothing is looked up
/// while the rows are read: [`repeated`] finds, once every table is read, the claims an earlier
/// one already made. Numeric ids are kept by shard (past a few thousand, in one list per
/// shard; below, in one list sorted by shard at [`IdLists::seal`]); other ids in one list.
#[derive(Debug, Default)]
pub struct IdLists {
    /// Numbers in row order, before the split.
    open: Vec<Listed>,
    /// Numbers by shard: one list per shard, or (`bounds` not empty) `open` sorted by shard
    /// with shard `s` at `open[bounds[s]..bounds[s + 1]]`.
    shards: Vec<Vec<Listed>>,
    bounds: Vec<u32>,
    texts: Vec<(Box<str>, ListValue)>,
    /// Ids expected in all (0: unknown), to size the lists once.
    expected: usize,
}

impl IdLists {
    /// Sizes the lists for `ids` claims in all.
    pub fn reserve(&mut self, ids: usize) {
        self.expected = ids;
        if ids >= SPLIT_FROM {
            self.split();
        }
    }

    pub fn push(&mut self, key: &IdKey<'_>, value: ListValue) {
        match key {
            IdKey::Number(n) if self.shards.is_empty() => {
                self.open.push(Listed::new(*n, value));
                if self.open.len() >= SPLIT_FROM {
                    self.split();
                }
            }
            IdKey::Number(n) => {
                let list = &mut self.shards[number_shard(*n)];
                list.push(Listed::new(*n, value));
                // The shard's next claim is written a few hundred rows later: its cache line
                // is fetched now, so that the write does not wait on memory then.
                prefetch(list.as_ptr().wrapping_add(list.len() + 3).cast());
            }
            IdKey::Text(t) => self.texts.push((t.as_ref().into(), value)),
        }
    }

    /// One list per shard from now on, each sized for its share of the ids expected.
    fn split(&mut self) {
        if !self.shards.is_empty() {
            return;
        }
        let share = self.expected.max(self.open.len()) / SHARDS;
        let each = if share == 0 { 0 } else { share + share / 16 + 16 };
        self.shards = (0..SHARDS).map(|_| Vec::with_capacity(each)).collect();
        for listed in std::mem::take(&mut self.open) {
            self.shards[number_shard(listed.key())].push(listed);
        }
    }

    /// Sorts a list that was never split by shard (keeping row order within a shard), so that
    /// [`IdLists::shard`] can give each shard's claims.
    pub fn seal(&mut self) {
        if !self.shards.is_empty() || !self.bounds.is_empty() {
            return;
        }
        let mut bounds = vec![0u32; SHARDS + 1];
        for listed in &self.open {
            bounds[number_shard(listed.key()) + 1] += 1;
        }
        for s in 0..SHARDS {
            bounds[s + 1] += bounds[s];
        }
        let mut at = bounds.clone();
        let mut sorted = vec![Listed::default(); self.open.len()];
        for &listed in &self.open {
            let s = number_shard(listed.key());
            sorted[at[s] as usize] = listed;
            at[s] += 1;
        }
        self.open = sorted;
        self.bounds = bounds;
    }

    /// The numeric claims of shard `s`, in row order (after [`IdLists::seal`]).
    fn shard(&self, s: usize) -> &[Listed] {
        match self.shards.get(s) {
            Some(list) => list,
            None if self.bounds.is_empty() => &[],
            None => &self.open[self.bounds[s] as usize..self.bounds[s + 1] as usize],
        }
    }

    pub fn len(&self) -> usize {
        self.open.len() + self.shards.iter().map(Vec::len).sum::<usize>() + self.texts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// One claim of an id: the list it is in (by place in the lists given to [`repeated`]) and
/// its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Claimed {
    pub list: usize,
    pub value: ListValue,
}

/// A claim of an id that an earlier claim already made, and that earlier claim: the first of
/// the id in the order of the lists, and in row order within one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repeated {
    pub key: IdKey<'static>,
    pub at: Claimed,
    pub first: Claimed,
}

/// Every claim that repeats an earlier one, in the order of the lists, and within a list in
/// row order for any one id. Each shard is settled on its own, in parallel (rayon): one table
/// of that shard's ids from every list, filled in list order, the first claim winning.
pub fn repeated(lists: &mut [&mut IdLists]) -> Vec<Repeated> {
    use rayon::prelude::*;
    lists.par_iter_mut().for_each(|l| l.seal());
    let lists: Vec<&IdLists> = lists.iter().map(|l| &**l).collect();
    let lists = &lists[..];
    let mut found: Vec<Repeated> = (0..=SHARDS)
        .into_par_iter()
        .map_init(NumberTable::default, |table, s| match s {
            SHARDS => repeated_texts(lists),
            s => repeated_numbers(lists, s, table),
        })
        .flatten_iter()
        .collect();
    // Stable: one id's claims within a list stay in row order.
    found.sort_by_key(|r| r.at.list);
    found
}

/// The repeated claims of shard `s`; `table` is scratch, kept from shard to shard.
fn repeated_numbers(lists: &[&IdLists], s: usize, table: &mut NumberTable) -> Vec<Repeated> {
    let total: usize = lists.iter().map(|l| l.shard(s).len()).sum();
    let mut found = Vec::new();
    if total < 2 {
        return found;
    }
    table.reset(total);
    for (list, l) in lists.iter().enumerate() {
        for (pos, listed) in l.shard(s).iter().enumerate() {
            // The table holds where the first claim is: list and place in its shard.
            if let Some([first, at]) = table.insert_new(listed.key(), [list as u64, pos as u64]) {
                let first =
                    Claimed { list: first as usize, value: lists[first as usize].shard(s)[at as usize].value() };
                let at = Claimed { list, value: listed.value() };
                found.push(Repeated { key: IdKey::Number(listed.key()), at, first });
            }
        }
    }
    found
}

fn repeated_texts(lists: &[&IdLists]) -> Vec<Repeated> {
    let mut seen: HashMap<&str, Claimed, FixedState> = HashMap::default();
    let mut found = Vec::new();
    for (list, l) in lists.iter().enumerate() {
        for (text, value) in &l.texts {
            let at = Claimed { list, value: *value };
            match seen.entry(text) {
                std::collections::hash_map::Entry::Occupied(first) => {
                    found.push(Repeated { key: IdKey::Text(Cow::Owned(text.to_string())), at, first: *first.get() })
                }
                std::collections::hash_map::Entry::Vacant(v) => {
                    v.insert(at);
                }
            }
        }
    }
    found
}

/// SplitMix64's finaliser: ids that differ in one digit land far apart. A table's slot comes
/// from the low bits, an id's shard from the high ones.
fn mix(key: u64) -> u64 {
    let mut z = key;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Numeric ids to values: one array of 24-byte slots (key, value), linear probing, at most
/// 7/8 full. Written here rather than taken from `HashMap` because this set is the one
/// structure that grows with the roster and its look-ups were the largest cost after CSV
/// parsing: `HashMap` keeps control bytes and entries apart (two cache misses per id), while
/// one slot array makes one.
#[derive(Debug, Default)]
struct NumberTable {
    slots: Vec<[u64; 3]>,
    len: usize,
}

/// No packed number is 0: its length (at least one digit) sits in the high bits.
const EMPTY: u64 = 0;

impl NumberTable {
    fn mask(&self) -> usize {
        self.slots.len() - 1
    }

    fn home(&self, key: u64) -> usize {
        mix(key) as usize & self.mask()
    }

    fn get(&self, key: u64) -> Option<Value> {
        if self.slots.is_empty() {
            return None;
        }
        let mut i = self.home(key);
        loop {
            match self.slots[i] {
                [k, a, b] if k == key => return Some([a, b]),
                [EMPTY, _, _] => return None,
                _ => i = (i + 1) & self.mask(),
            }
        }
    }

    fn insert_new(&mut self, key: u64, value: Value) -> Option<Value> {
        debug_assert_ne!(key, EMPTY);
        if (self.len + 1) * 8 > self.slots.len() * 7 {
            self.grow_to(self.len + 1);
        }
        let mut i = self.home(key);
        loop {
            match self.slots[i] {
                [k, a, b] if k == key => return Some([a, b]),
                [EMPTY, _, _] => {
                    self.slots[i] = [key, value[0], value[1]];
                    self.len += 1;
                    return None;
                }
                _ => i = (i + 1) & self.mask(),
            }
        }
    }

    fn reserve(&mut self, additional: usize) {
        self.grow_to(self.len + additional);
    }

    /// Empties the table and sizes it for `needed` keys, reusing its memory when the size
    /// is the same.
    fn reset(&mut self, needed: usize) {
        let slots = Self::slots_for(needed);
        if slots == self.slots.len() {
            self.slots.fill([EMPTY, 0, 0]);
        } else {
            self.slots = vec![[EMPTY, 0, 0]; slots];
        }
        self.len = 0;
    }

    fn slots_for(needed: usize) -> usize {
        (needed.saturating_mul(8) / 7 + 1).next_power_of_two().max(16)
    }

    /// Makes the table big enough for `needed` keys at most 7/8 full.
    fn grow_to(&mut self, needed: usize) {
        let slots = Self::slots_for(needed);
        if slots <= self.slots.len() {
            return;
        }
        let old = std::mem::replace(&mut self.slots, vec![[EMPTY, 0, 0]; slots]);
        huge_pages::advise(&self.slots);
        self.len = 0;
        for [k, a, b] in old {
            if k != EMPTY {
                self.insert_new(k, [a, b]);
            }
        }
    }

    fn map_values(&mut self, f: &mut impl FnMut(Value) -> Value) {
        for slot in self.slots.iter_mut().filter(|s| s[0] != EMPTY) {
            [slot[1], slot[2]] = f([slot[1], slot[2]]);
        }
    }

    fn drain(&mut self) -> impl Iterator<Item = (u64, Value)> + use<> {
        self.len = 0;
        std::mem::take(&mut self.slots).into_iter().filter(|s| s[0] != EMPTY).map(|[k, a, b]| (k, [a, b]))
    }

    fn len(&self) -> usize {
        self.len
    }
}

/// The id table on huge pages where the system allows: its look-ups land anywhere in tens of
/// megabytes, and with 4 KiB pages nearly each one also misses the address-translation cache.
mod huge_pages {
    /// Below this a table gains nothing from 2 MiB pages.
    #[cfg(target_os = "linux")]
    pub(super) const FROM_BYTES: usize = 4 << 20;

    /// Asks Linux to back the table with transparent huge pages as it is first written (the
    /// table comes zeroed from the system, untouched). Elsewhere, or when the kernel says no,
    /// nothing changes.
    #[cfg(target_os = "linux")]
    pub(super) fn advise<T>(table: &[T]) -> bool {
        let bytes = std::mem::size_of_val(table);
        if bytes < FROM_BYTES {
            return false;
        }
        const PAGE: usize = 4096;
        let start = (table.as_ptr() as usize).next_multiple_of(PAGE);
        let end = (table.as_ptr() as usize + bytes) & !(PAGE - 1);
        // SAFETY: the range lies inside the table's own allocation, page-aligned as madvise
        // requires; MADV_HUGEPAGE changes only how the kernel backs those pages, never their
        // contents, so the table reads and writes exactly as before.
        unsafe { libc::madvise(start as *mut libc::c_void, end - start, libc::MADV_HUGEPAGE) == 0 }
    }

    #[cfg(not(target_os = "linux"))]
    pub(super) fn advise<T>(_table: &[T]) -> bool {
        false
    }
}

/// A hint to the processor to load the cache line at `p`; never reads into the program.
#[inline]
fn prefetch(p: *const i8) {
    #[cfg(all(target_arch = "x86_64", target_feature = "sse"))]
    // SAFETY: SSE is enabled (the cfg says so) and a prefetch is only a hint: it does not
    // fault, whatever the address, and changes no memory the program can see.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(p)
    };
    #[cfg(not(all(target_arch = "x86_64", target_feature = "sse")))]
    let _ = p;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric_ids_keep_their_leading_zeros() {
        let a = IdKey::of("037201001234").unwrap();
        let b = IdKey::of("37201001234").unwrap();
        assert!(matches!(a, IdKey::Number(_)));
        assert_ne!(a, b);
        assert_eq!(a.text(), "037201001234");
        assert_eq!(IdKey::of("0").unwrap().text(), "0");
        assert_eq!(IdKey::of("00").unwrap().text(), "00");
        assert_ne!(IdKey::of("0"), IdKey::of("00"));
        assert_eq!(IdKey::of("99999999999999999").unwrap().text(), "99999999999999999");
    }

    #[test]
    fn keys_match_the_documented_rule() {
        // Same person: spaces and case do not matter.
        assert_eq!(IdKey::of(" x1 "), IdKey::of("X1"));
        assert_eq!(IdKey::of("0371 2345"), IdKey::of("03712345"));
        assert!(matches!(IdKey::of("0371 2345"), Some(IdKey::Number(_))));
        assert_eq!(IdKey::of("mn-gt-001").unwrap().text(), "MN-GT-001");
        assert!(matches!(IdKey::of("MN-GT-001"), Some(IdKey::Text(Cow::Borrowed(_)))));
        // 18 digits do not fit: still a key, as text.
        assert_eq!(IdKey::of("123456789012345678").unwrap().text(), "123456789012345678");
        assert!(matches!(IdKey::of("123456789012345678"), Some(IdKey::Text(_))));
        assert_eq!(IdKey::of("đức").unwrap().text(), "ĐỨC");
        assert_eq!(IdKey::of(""), None);
        assert_eq!(IdKey::of("   "), None);
        assert_eq!(IdKey::of("1,23457E+11"), None);
    }

    #[test]
    fn number_table_grows_and_keeps_every_key() {
        let mut t = NumberTable::default();
        let key = |i: u64| (12u64 << LEN_SHIFT) | (i * 7919);
        for i in 0..10_000 {
            assert_eq!(t.insert_new(key(i), [i, i + 1]), None);
        }
        for i in 0..10_000 {
            assert_eq!(t.get(key(i)), Some([i, i + 1]));
            assert_eq!(t.insert_new(key(i), [0, 0]), Some([i, i + 1]));
        }
        assert_eq!(t.get(key(10_001)), None);
        assert_eq!(t.len(), 10_000);
        assert!(t.slots.len() * 7 >= t.len * 8);
        let mut r = NumberTable::default();
        r.reserve(1000);
        let before = r.slots.len();
        for i in 0..1000 {
            r.insert_new(key(i), [i, 0]);
        }
        assert_eq!(r.slots.len(), before, "a reserved table does not grow");
        assert_eq!(r.drain().count(), 1000);
        assert_eq!(r.get(key(1)), None);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_large_table_asks_for_huge_pages() {
        let mut t = NumberTable::default();
        t.reserve(1 << 18);
        let bytes = std::mem::size_of_val(&t.slots[..]);
        assert!(bytes >= huge_pages::FROM_BYTES);
        let thp = std::fs::read_to_string("/sys/kernel/mm/transparent_hugepage/enabled").unwrap_or_default();
        if thp.contains("[madvise]") || thp.contains("[always]") {
            assert!(huge_pages::advise(&t.slots), "the kernel takes the advice");
            // The kernel lists the advised range: its flags hold `hg`.
            let start = t.slots.as_ptr() as usize;
            let smaps = std::fs::read_to_string("/proc/self/smaps").unwrap();
            let mut in_table = false;
            let mut advised = false;
            for line in smaps.lines() {
                let range = line.split_whitespace().next().and_then(|r| r.split_once('-'));
                if let Some((a, b)) = range
                    .and_then(|(a, b)| Some((usize::from_str_radix(a, 16).ok()?, usize::from_str_radix(b, 16).ok()?)))
                {
                    in_table = a <= start + 4096 && start + 4096 < b;
                } else if in_table && line.starts_with("VmFlags:") {
                    advised |= line.split_whitespace().any(|f| f == "hg");
                }
            }
            assert!(advised, "the table's mapping is marked for huge pages");
        }
        assert!(!huge_pages::advise(&t.slots[..16]), "a small table is left alone");
    }

    /// Claims of ids `0..ids` (numbers, and a few as text), drawn by a small generator.
    fn claims(seed: u64, n: usize, ids: u64) -> Vec<(IdKey<'static>, ListValue)> {
        let mut x = seed;
        (0..n)
            .map(|i| {
                x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                let id = (x >> 33) % ids;
                let key =
                    if id.is_multiple_of(10) { format!("GV-{id}") } else { format!("{:012}", 37_000_000_000 + id) };
                (IdKey::of(&key).unwrap().into_static(), ((i as u64) << 33 | seed, seed as u32 ^ 0xdead_beef))
            })
            .collect()
    }

    #[test]
    fn repeated_claims_name_the_first_claim_in_list_then_row_order() {
        // A small list (one list for every shard), a large one (a list per shard) and a
        // middle one, sharing ids with each other and within themselves.
        let given = [claims(1, 300, 5_000), claims(2, 20_000, 5_000), claims(3, 3_000, 5_000)];
        let mut lists: Vec<IdLists> = Vec::new();
        for (k, c) in given.iter().enumerate() {
            let mut l = IdLists::default();
            if k == 1 {
                l.reserve(c.len());
            }
            c.iter().for_each(|(key, v)| l.push(key, *v));
            lists.push(l);
        }
        assert!(lists[0].shards.is_empty() && !lists[1].shards.is_empty(), "both layouts are tried");
        let found = repeated(&mut lists.iter_mut().collect::<Vec<_>>());
        // The same, one claim after another in one map.
        let mut first: HashMap<IdKey<'static>, Claimed> = HashMap::new();
        let mut expected = Vec::new();
        for (list, c) in given.iter().enumerate() {
            for (key, value) in c {
                let at = Claimed { list, value: *value };
                match first.get(key) {
                    Some(f) => expected.push(Repeated { key: key.clone(), at, first: *f }),
                    None => {
                        first.insert(key.clone(), at);
                    }
                }
            }
        }
        assert!(expected.len() > 15_000);
        assert!(expected.iter().any(|r| matches!(r.key, IdKey::Text(_))));
        assert!(found.windows(2).all(|w| w[0].at.list <= w[1].at.list), "in the order of the lists");
        // For any one id, its claims in the order they were made.
        let by_key = |all: &[Repeated]| {
            let mut m: HashMap<IdKey<'static>, Vec<(Claimed, Claimed)>> = HashMap::new();
            for r in all {
                m.entry(r.key.clone()).or_default().push((r.at, r.first));
            }
            m
        };
        assert_eq!(by_key(&found), by_key(&expected));
        assert_eq!(found.len(), expected.len());
    }

    #[test]
    fn a_listed_id_keeps_its_key_and_value() {
        for (key, value) in [(u64::MAX, (u64::MAX, u32::MAX)), (17 << LEN_SHIFT | 99, (1 << 40 | 7, 3)), (1, (0, 0))] {
            let listed = Listed::new(key, value);
            assert_eq!((listed.key(), listed.value()), (key, value));
        }
        assert_eq!(std::mem::size_of::<Listed>(), 20);
    }

    #[test]
    fn map_holds_first_value() {
        let mut m = IdMap::default();
        assert_eq!(m.insert_new(&IdKey::of("037201001234").unwrap(), [7, 1]), None);
        assert_eq!(m.insert_new(&IdKey::of("037201001234").unwrap(), [9, 2]), Some([7, 1]));
        assert_eq!(m.insert_new(&IdKey::of("ab").unwrap(), [1, 3]), None);
        assert_eq!(m.get(&IdKey::of("AB").unwrap()), Some([1, 3]));
        assert_eq!(m.len(), 2);
        m.map_values(|[a, b]| [a * 10, b]);
        let mut all: Vec<(String, Value)> = m.drain().map(|(k, v)| (k.text().into_owned(), v)).collect();
        all.sort();
        assert_eq!(all, [("037201001234".to_string(), [70, 1]), ("AB".to_string(), [10, 3])]);
        assert!(m.is_empty());
    }
}
