//! The threads the question paths (`/v1/ask`, `/chat/ask`) are answered on: fewer than the
//! cores, at the lowest CPU priority, apart from the blocking pool the webhooks are answered on.
//! Under a flood of questions the webhooks' answers get the cores first and always find a
//! thread; the questions take what is left. Each job holds its request's admission slot until
//! it is answered or skipped, so the jobs queued here never outnumber the slots (`guard.rs`),
//! however many askers give up while waiting.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex, OnceLock};
use tokio::sync::OwnedSemaphorePermit;

type Job = Box<dyn FnOnce() + Send>;

/// The answering threads, started with the first question.
pub(super) struct Answerers {
    threads: usize,
    queue: OnceLock<Mutex<Sender<Job>>>,
    /// Jobs queued or being answered (`hoidap_questions_queued` in `/metrics`).
    queued: Arc<AtomicUsize>,
}

/// Counts a job as queued until it is dropped: answered, skipped, or never sent.
struct Queued(Arc<AtomicUsize>);

impl Queued {
    fn new(count: &Arc<AtomicUsize>) -> Self {
        count.fetch_add(1, Ordering::Relaxed);
        Queued(count.clone())
    }
}

impl Drop for Queued {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

impl Answerers {
    /// At most `threads` questions answered at once (at least one).
    pub(super) fn new(threads: usize) -> Self {
        Answerers { threads: threads.max(1), queue: OnceLock::new(), queued: Arc::default() }
    }

    /// Jobs queued or being answered now.
    pub(super) fn queued(&self) -> usize {
        self.queued.load(Ordering::Relaxed)
    }

    /// Runs `work` on an answering thread; `None` when it panicked. `slot`, the request's
    /// admission slot, is held by the job until it is answered or skipped: an asker who gives up
    /// frees no slot while its job still waits here.
    pub(super) async fn run<T: Send + 'static>(
        &self,
        slot: Option<OwnedSemaphorePermit>,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Option<T> {
        let (done, result) = tokio::sync::oneshot::channel();
        let queued = Queued::new(&self.queued);
        let job: Job = Box::new(move || {
            let held = (slot, queued);
            // The asker has gone (disconnected, or timed out while this waited): nobody reads
            // the answer, so it is neither computed nor recorded.
            if done.is_closed() {
                return;
            }
            let answer = std::panic::catch_unwind(std::panic::AssertUnwindSafe(work));
            // Freed before the asker hears back: whoever it tells finds the slot free.
            drop(held);
            // A panic costs that question its answer (its sender is dropped: a 500).
            if let Ok(answer) = answer {
                let _ = done.send(answer);
            }
        });
        let queue = self.queue.get_or_init(|| Mutex::new(start(self.threads)));
        queue.lock().unwrap_or_else(|p| p.into_inner()).send(job).ok()?;
        result.await.ok()
    }
}

/// Starts `threads` answering threads taking jobs from one queue; they end when it is dropped.
fn start(threads: usize) -> Sender<Job> {
    let (queue, jobs) = channel::<Job>();
    let jobs = Arc::new(Mutex::new(jobs));
    for n in 0..threads {
        let jobs = jobs.clone();
        let spawned = std::thread::Builder::new().name(format!("hoidap-ask-{n}")).spawn(move || answering(&jobs));
        if let Err(e) = spawned {
            tracing::warn!("cannot start an answering thread: {e}");
        }
    }
    queue
}

fn answering(jobs: &Mutex<Receiver<Job>>) {
    lowest_priority();
    loop {
        let job = jobs.lock().unwrap_or_else(|p| p.into_inner()).recv();
        let Ok(job) = job else { return };
        // A panic costs that question its answer (its sender is dropped: a 500), not the thread.
        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
    }
}

/// Gives the calling thread the lowest CPU priority (nice 19); Linux applies it to the thread
/// alone. Elsewhere, or when refused, the thread keeps the process's priority.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn lowest_priority() {
    const PRIO_PROCESS: std::ffi::c_int = 0;
    const LOWEST: std::ffi::c_int = 19;
    unsafe extern "C" {
        fn gettid() -> std::ffi::c_int;
        fn setpriority(which: std::ffi::c_int, who: std::ffi::c_uint, prio: std::ffi::c_int) -> std::ffi::c_int;
    }
    // SAFETY: both calls only read or set this thread's scheduling priority.
    let set = unsafe { setpriority(PRIO_PROCESS, gettid() as std::ffi::c_uint, LOWEST) };
    if set != 0 {
        tracing::warn!("cannot lower the priority of an answering thread: {}", std::io::Error::last_os_error());
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn lowest_priority() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn work_runs_on_a_lowered_thread_and_a_panic_costs_only_its_own_answer() {
        let answerers = Answerers::new(1);
        let name = answerers.run(None, || std::thread::current().name().map(str::to_owned)).await;
        assert_eq!(name.flatten().as_deref(), Some("hoidap-ask-0"));
        assert_eq!(answerers.run(None, || -> u8 { panic!("a bug while answering") }).await, None);
        assert_eq!(answerers.run(None, || 7).await, Some(7), "the thread goes on");
        assert_eq!(answerers.queued(), 0, "a panicked job is no longer counted");
        #[cfg(all(target_os = "linux", target_env = "gnu"))]
        {
            let nice = answerers
                .run(None, || {
                    let stat = std::fs::read_to_string("/proc/thread-self/stat").unwrap();
                    let after = stat.rsplit_once(')').unwrap().1.to_owned();
                    // The 19th field of the line (nice), the 17th after the command name.
                    after.split_whitespace().nth(16).unwrap().parse::<i32>().unwrap()
                })
                .await;
            assert_eq!(nice, Some(19));
        }
    }
}
