import Foundation

/// Threads of the server's own, for work that holds a thread until it is done: SQLite calls,
/// CSV validation, loading a dataset, computing reports and pages.
///
/// Swift's cooperative pool has one thread per core (two on a small machine), and every request
/// needs it to make progress; a few imports or report computations on it and `/healthz` waits for
/// them. Work is sent here instead with `run` (a task executor preference: the work's synchronous
/// parts run on these threads, its suspensions free them). Each group has a fixed number of
/// threads, so at most that many jobs of the group run at once and the rest wait in line, first
/// come first served; the threads live as long as the process.
final class WorkerThreads: TaskExecutor, @unchecked Sendable {
    /// Short store reads (the versions every request reads, tokens, sessions, record pages): kept
    /// apart from long work so that nothing but other short reads can stand in their way.
    static let queries = WorkerThreads(name: "salesmetrics-queries", threads: 4)
    /// Store writes: imports (SQLite's writer, PostgreSQL's validation), sessions, deletions, one
    /// at a time. Both stores serialise writers anyway (SQLite's one writer, PostgreSQL's advisory
    /// lock), a write waits for an import to finish, and an import validates its files with
    /// Dispatch's `concurrentPerform`, which borrows threads of the global queue; on Linux those
    /// are the threads Swift concurrency runs every request on, so only one import at a time may
    /// borrow them.
    static let writes = WorkerThreads(name: "salesmetrics-writes", threads: 1)
    /// Computation: datasets loaded, reports computed, pages rendered.
    static let compute = WorkerThreads(
        name: "salesmetrics-compute", threads: max(2, ProcessInfo.processInfo.activeProcessorCount))

    let threads: Int
    /// The queue is guarded by `lock`. An `NSLock` (a pthread mutex) rather than `Mutex`: on Linux
    /// `Mutex` locks with raw futex calls that ThreadSanitizer cannot see, so it reported every
    /// hand-over of a job as a race (three reports, scripts/sanitize.sh tsan).
    private let lock = NSLock()
    private var jobs = JobQueue()
    private let waiting = DispatchSemaphore(value: 0)

    private struct JobQueue: ~Copyable {
        var items: [UnownedJob] = []
        var head = 0

        mutating func push(_ job: UnownedJob) { items.append(job) }

        mutating func pop() -> UnownedJob {
            let job = items[head]
            head += 1
            if head == items.count {
                items.removeAll(keepingCapacity: true)
                head = 0
            }
            return job
        }
    }

    init(name: String, threads: Int) {
        self.threads = threads
        for i in 0..<threads {
            let thread = Thread { [self] in
                // Named from inside: Linux takes a thread's name only from the thread itself.
                Thread.current.name = "\(name)-\(i)"
                while true {
                    waiting.wait()
                    let job = lock.withLock { jobs.pop() }
                    job.runSynchronously(on: asUnownedTaskExecutor())
                }
            }
            thread.start()
        }
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        lock.withLock { jobs.push(job) }
        waiting.signal()
    }

    /// Runs `body` on these threads (and whatever it awaits without an executor of its own).
    func run<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        try await withTaskExecutorPreference(self) { try await body() }
    }
}
