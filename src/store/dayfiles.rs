//! The turns of a store kept in local files (sled's deployment): one append-only JSON-lines
//! file per UTC day, `<store>/turns/YYYY-MM-DD.jsonl`, beside the database. Appending costs
//! one write; opening the store reads none of them; retention deletes whole days.

use super::turnlog::TurnLog;
use super::turns::{answer_time, locates};
use super::{ANSWERS, BATCH, Kv, Result, StoreError, Turn, json, key_time, time, time_key};
use std::collections::{HashMap, HashSet};
use std::fs::{self, File, OpenOptions};
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

/// What a day's file ends with.
const SUFFIX: &str = ".jsonl";

/// One day's file: its lock (appends and rewrites take it) and, once appended to, the file
/// opened with `O_APPEND`.
#[derive(Default)]
struct Day {
    file: Option<File>,
}

/// The day files in `dir`. The few turns whose answer id does not name their time (ids of
/// schema 2 and older) are found through the answer index of the [`Kv`].
pub(super) struct DayFiles {
    dir: PathBuf,
    kv: Arc<dyn Kv>,
    days: Mutex<HashMap<String, Arc<Mutex<Day>>>>,
    /// Files whose unreadable lines were logged already (logged once each).
    warned: Mutex<HashSet<String>>,
    /// The answer ids of the day an import last wrote to, so that a turn imported twice is
    /// kept once (imports come in time order: one day at a time).
    imported: Mutex<Option<(String, HashSet<String>)>>,
}

fn io(e: std::io::Error) -> StoreError {
    StoreError::Engine(Box::new(e))
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Makes a file created or renamed in `dir` durable.
fn sync_dir(dir: &Path) -> Result<()> {
    File::open(dir).and_then(|d| d.sync_all()).map_err(io)
}

impl DayFiles {
    /// The day files in `dir`, created when missing; nothing is read.
    pub(super) fn open(dir: &Path, kv: Arc<dyn Kv>) -> Result<DayFiles> {
        fs::create_dir_all(dir).map_err(io)?;
        Ok(DayFiles {
            dir: dir.to_owned(),
            kv,
            days: Mutex::default(),
            warned: Mutex::default(),
            imported: Mutex::default(),
        })
    }

    fn path(&self, day: &str) -> PathBuf {
        self.dir.join(format!("{day}{SUFFIX}"))
    }

    /// The lock of a day's file.
    fn day(&self, day: &str) -> Arc<Mutex<Day>> {
        lock(&self.days).entry(day.to_owned()).or_default().clone()
    }

    /// The days that have a file, oldest first.
    fn days(&self) -> Result<Vec<String>> {
        let mut days: Vec<String> = fs::read_dir(&self.dir)
            .map_err(io)?
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter_map(|name| Some(name.strip_suffix(SUFFIX)?.to_owned()))
            .filter(|day| time::parse_day(day).is_some())
            .collect();
        days.sort();
        Ok(days)
    }

    /// Opens a day's file for appending. A file that does not end with a whole line (a write
    /// torn by a crash) gets a line break first, so the next turn is not glued to the torn one.
    fn open_append(&self, day: &str) -> Result<File> {
        let path = self.path(day);
        let created = !path.exists();
        let mut file = OpenOptions::new().create(true).append(true).read(true).open(&path).map_err(io)?;
        if created {
            sync_dir(&self.dir)?;
        } else if file.metadata().map_err(io)?.len() > 0 {
            let mut last = [0u8];
            file.seek(SeekFrom::End(-1)).and_then(|_| file.read_exact(&mut last)).map_err(io)?;
            if last[0] != b'\n' {
                file.write_all(b"\n").map_err(io)?;
            }
        }
        Ok(file)
    }

    /// The lines of a day's file (none when it has no file); call with its lock held.
    fn read_lines(&self, day: &str) -> Result<String> {
        match fs::read(self.path(day)) {
            Ok(bytes) => {
                Ok(String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(String::new()),
            Err(e) => Err(io(e)),
        }
    }

    /// A line as a turn; a line that does not read (the last one, torn by a crash) is skipped,
    /// and logged once per file.
    fn parse_line(&self, day: &str, line: &str) -> Option<Turn> {
        match serde_json::from_str(line) {
            Ok(turn) => Some(turn),
            Err(e) => {
                if lock(&self.warned).insert(day.to_owned()) {
                    tracing::warn!(file = %self.path(day).display(), error = %e, "an unreadable turn skipped (a write torn by a crash?)");
                }
                None
            }
        }
    }

    /// The turns of a day in key order (time, then answer id); call with its lock held.
    fn read_day(&self, day: &str) -> Result<Vec<Turn>> {
        let text = self.read_lines(day)?;
        let mut turns: Vec<Turn> =
            text.lines().filter(|l| !l.trim().is_empty()).filter_map(|l| self.parse_line(day, l)).collect();
        turns.sort_by(|a, b| a.at.cmp(&b.at).then_with(|| a.answer_id.cmp(&b.answer_id)));
        Ok(turns)
    }

    /// Replaces a day's file by `kept` (deletes it when empty), atomically: a temporary file,
    /// synced, renamed over it. Call with its lock held.
    fn rewrite(&self, day: &str, slot: &mut Day, kept: &[Turn]) -> Result<()> {
        slot.file = None;
        let path = self.path(day);
        if kept.is_empty() {
            return match fs::remove_file(&path) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(io(e)),
                _ => sync_dir(&self.dir),
            };
        }
        let temp = self.dir.join(format!("{day}{SUFFIX}.tmp"));
        let mut text = Vec::new();
        for turn in kept {
            text.extend_from_slice(&json(turn));
            text.push(b'\n');
        }
        let mut file = File::create(&temp).map_err(io)?;
        file.write_all(&text).and_then(|()| file.sync_data()).map_err(io)?;
        fs::rename(&temp, &path).map_err(io)?;
        sync_dir(&self.dir)
    }

    /// Hands the turns of a day's file to `count`, a batch at a time, read line by line (a day
    /// is never in memory whole); how many turns, the length of the file read, and the
    /// answer-index keys of its turns whose ids do not name their time.
    fn count_day(&self, day: &str, count: &mut dyn FnMut(&[Turn]) -> Result<()>) -> Result<(usize, u64, Vec<Vec<u8>>)> {
        let slot = self.day(day);
        let _held = lock(&slot);
        let file = match File::open(self.path(day)) {
            Ok(file) => file,
            // Emptied meanwhile ("forget" deletes a file left with no line).
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((0, 0, Vec::new())),
            Err(e) => return Err(io(e)),
        };
        let length = file.metadata().map_err(io)?.len();
        let mut lines = BufReader::new(file);
        let (mut line, mut batch, mut indexed, mut turns) = (Vec::new(), Vec::new(), Vec::new(), 0);
        loop {
            line.clear();
            let end = lines.read_until(b'\n', &mut line).map_err(io)? == 0;
            let text = String::from_utf8_lossy(&line);
            if !text.trim().is_empty() {
                if let Some(turn) = self.parse_line(day, text.trim_end()) {
                    if !locates(&turn) {
                        indexed.push(turn.answer_id.clone().into_bytes());
                    }
                    batch.push(turn);
                }
            }
            if batch.len() == BATCH || (end && !batch.is_empty()) {
                count(&batch)?;
                turns += batch.len();
                batch.clear();
            }
            if end {
                return Ok((turns, length, indexed));
            }
        }
    }

    /// Syncs and closes the files of days other than `day` (an import writes to every day in
    /// turn; the server, to today's): few files stay open. A day whose lock is busy is left as
    /// it is.
    fn close_others(&self, day: &str) {
        let slots: Vec<Arc<Mutex<Day>>> =
            lock(&self.days).iter().filter(|(d, _)| d.as_str() != day).map(|(_, s)| s.clone()).collect();
        for slot in slots {
            if let Ok(mut other) = slot.try_lock() {
                // Synced first: a flush after an import or a migration covers closed files too.
                if let Some(file) = other.file.take() {
                    if let Err(e) = file.sync_data() {
                        tracing::warn!(error = %e, "a day's file of turns could not be synced");
                    }
                }
            }
        }
    }

    /// Deletes the answer-index entries of turns whose ids do not name their time.
    fn unindex(&self, turns: &[Turn]) -> Result<()> {
        let keys: Vec<Vec<u8>> =
            turns.iter().filter(|t| !locates(t)).map(|t| t.answer_id.clone().into_bytes()).collect();
        if keys.is_empty() { Ok(()) } else { self.kv.delete_many(ANSWERS, &keys) }
    }
}

impl TurnLog for DayFiles {
    /// One whole line in one write, under the day's lock: lines never interleave. A durable
    /// turn syncs its file, then flushes the engine.
    fn append(&self, turn: &Turn, durable: bool) -> Result<()> {
        let day = time::day(turn.at);
        let mut line = json(turn);
        line.push(b'\n');
        {
            let slot = self.day(&day);
            let mut slot = lock(&slot);
            if slot.file.is_none() {
                self.close_others(&day);
                slot.file = Some(self.open_append(&day)?);
            }
            let file = slot.file.as_mut().expect("opened above");
            file.write_all(&line).map_err(io)?;
            if durable {
                file.sync_data().map_err(io)?;
            }
        }
        if !locates(turn) {
            self.kv.put(ANSWERS, turn.answer_id.as_bytes(), &time_key(turn.at, &turn.answer_id))?;
        }
        // As with the turns in the engine: a durable turn makes every write before it durable
        // (a pending delivery acknowledged before a declined answer survives a crash after it).
        if durable { self.kv.flush() } else { Ok(()) }
    }

    fn import(&self, turn: &Turn) -> Result<()> {
        let day = time::day(turn.at);
        let mut imported = lock(&self.imported);
        if imported.as_ref().is_none_or(|(d, _)| *d != day) {
            let ids = {
                let slot = self.day(&day);
                let _held = lock(&slot);
                self.read_day(&day)?.into_iter().map(|t| t.answer_id).collect()
            };
            *imported = Some((day, ids));
        }
        let (_, ids) = imported.as_mut().expect("loaded above");
        if ids.insert(turn.answer_id.clone()) { self.append(turn, false) } else { Ok(()) }
    }

    /// Reads the one day's file its id (or the answer index) names.
    fn get(&self, answer_id: &str) -> Result<Option<Turn>> {
        let at = match answer_time(answer_id) {
            Some(at) => at,
            None => match self.kv.get(ANSWERS, answer_id.as_bytes())? {
                Some(key) => key_time(&key),
                None => return Ok(None),
            },
        };
        let day = time::day(at);
        let slot = self.day(&day);
        let _held = lock(&slot);
        let text = self.read_lines(&day)?;
        let quoted = json(&answer_id);
        let quoted = String::from_utf8_lossy(&quoted);
        Ok(text
            .lines()
            .filter(|l| l.contains(&*quoted))
            .filter_map(|l| self.parse_line(&day, l))
            .find(|t| t.answer_id == answer_id))
    }

    /// One day in memory at a time.
    fn each(&self, since: u64, visit: &mut dyn FnMut(Turn) -> Result<()>) -> Result<()> {
        let first = time::day(since);
        for day in self.days()?.into_iter().filter(|d| *d >= first) {
            let turns = {
                let slot = self.day(&day);
                let _held = lock(&slot);
                self.read_day(&day)?
            };
            for turn in turns.into_iter().filter(|t| t.at >= since) {
                visit(turn)?;
            }
        }
        Ok(())
    }

    /// Rewrites every day's file that holds a line of the user's (a file without the user's
    /// hash is only searched).
    fn forget(&self, user: &str) -> Result<Vec<Turn>> {
        let mut gone = Vec::new();
        for day in self.days()? {
            let slot = self.day(&day);
            let mut slot = lock(&slot);
            let text = self.read_lines(&day)?;
            if !text.contains(user) {
                continue;
            }
            let mut kept = Vec::new();
            for line in text.lines().filter(|l| !l.trim().is_empty()) {
                match self.parse_line(&day, line) {
                    Some(t) if t.user == user => gone.push(t),
                    Some(t) => kept.push(t),
                    // An unreadable line (a torn write) is not kept: it may be the user's.
                    None => {}
                }
            }
            self.rewrite(&day, &mut slot, &kept)?;
        }
        *lock(&self.imported) = None;
        self.unindex(&gone)?;
        Ok(gone)
    }

    /// Whole days before the cutoff's are counted, then deleted file by file, a group of days
    /// at a time (one flush of the figures and one sync of the folder per group); the cutoff's
    /// own day is rewritten without its turns before the cutoff.
    fn drop_before(&self, cutoff: u64, count: &mut dyn FnMut(&[Turn]) -> Result<()>) -> Result<usize> {
        /// Days counted before their files go together.
        const DAYS_PER_GROUP: usize = 32;
        let last = time::day(cutoff);
        let days = self.days()?;
        let mut gone = 0;
        for group in days.iter().filter(|d| **d < last).collect::<Vec<_>>().chunks(DAYS_PER_GROUP) {
            let mut counted = Vec::new();
            for day in group {
                let (turns, length, indexed) = self.count_day(day, count)?;
                gone += turns;
                counted.push((day, length, indexed));
            }
            // The figures are durable before the turns they count go.
            self.kv.flush()?;
            for (day, length, indexed) in counted {
                let slot = self.day(day);
                let mut held = lock(&slot);
                // A turn imported into that day since it was counted keeps the file for the
                // next pass (which counts the day again).
                if fs::metadata(self.path(day)).map(|m| m.len()).ok() != Some(length) {
                    continue;
                }
                held.file = None;
                fs::remove_file(self.path(day)).map_err(io)?;
                if !indexed.is_empty() {
                    self.kv.delete_many(ANSWERS, &indexed)?;
                }
            }
            sync_dir(&self.dir)?;
        }
        if days.contains(&last) {
            let slot = self.day(&last);
            let mut held = lock(&slot);
            let (old, kept): (Vec<Turn>, Vec<Turn>) = self.read_day(&last)?.into_iter().partition(|t| t.at < cutoff);
            if !old.is_empty() {
                for batch in old.chunks(BATCH) {
                    count(batch)?;
                }
                self.kv.flush()?;
                self.rewrite(&last, &mut held, &kept)?;
                self.unindex(&old)?;
                gone += old.len();
            }
        }
        *lock(&self.imported) = None;
        Ok(gone)
    }

    fn flush(&self) -> Result<()> {
        let days: Vec<Arc<Mutex<Day>>> = lock(&self.days).values().cloned().collect();
        for slot in days {
            if let Some(file) = &lock(&slot).file {
                file.sync_data().map_err(io)?;
            }
        }
        Ok(())
    }
}
