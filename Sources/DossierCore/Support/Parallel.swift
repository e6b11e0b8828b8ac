import Dispatch
import Foundation

extension Array where Element: Sendable {
    /// `map` across all cores. Results keep the input order, so the output is
    /// the same whatever order the work finished in.
    func parallelMap<T: Sendable>(_ transform: @Sendable (Element) -> T) -> [T] {
        if count < 2 { return map(transform) }
        let results = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
        results.initialize(repeating: nil)
        defer { results.deinitialize(); results.deallocate() }
        let base = SendablePointer(results)
        self.withUnsafeBufferPointer { input in
            let inputBase = SendableInput(input)
            DispatchQueue.concurrentPerform(iterations: count) { index in
                base.buffer[index] = transform(inputBase.buffer[index])
            }
        }
        return results.map { $0! }
    }

    /// Like `parallelMap`, for work that can fail: the error of the first
    /// failing element (in input order) is thrown.
    func parallelMapThrowing<T: Sendable>(_ transform: @Sendable (Element) throws -> T) throws -> [T] {
        let outcomes: [Result<T, Error>] = parallelMap { element in Result { try transform(element) } }
        return try outcomes.map { try $0.get() }
    }
}

private struct SendablePointer<T>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<T?>
    init(_ buffer: UnsafeMutableBufferPointer<T?>) { self.buffer = buffer }
}

/// A buffer that work on several cores reads (never writes) while its owner keeps it alive.
struct SendableInput<T>: @unchecked Sendable {
    let buffer: UnsafeBufferPointer<T>
    init(_ buffer: UnsafeBufferPointer<T>) { self.buffer = buffer }
}

/// Two pieces of work side by side, each free to use all cores itself: where one has a stretch
/// on a single core (a sort, a dictionary filled in order), the other fills the idle ones.
/// The second runs on a thread of its own, not as one turn of a `concurrentPerform`: dispatch
/// runs an apply nested in another on one thread, so each side's `parallelMap`s ran on a single
/// core to the end, and the longer side alone on one core once the other was done.
func concurrently<A: Sendable, B: Sendable>(_ first: () -> A, _ second: @escaping @Sendable () -> B) -> (A, B) {
    let other = Background(second)
    let result = first()
    return (result, other.value)
}

/// Work started now on a thread of its own, its result waited for where it is needed: what a
/// later step reads (the previous build's records) loads while the earlier steps run, in the
/// stretches where they leave a core idle.
final class Background<T: Sendable>: @unchecked Sendable {
    private let finished = DispatchSemaphore(value: 0)
    /// Written once, before `finished` is signalled; read only after it is.
    private var result: T?

    init(_ work: @escaping @Sendable () -> T) {
        DispatchQueue.global().async {
            self.result = work()
            self.finished.signal()
        }
    }

    /// Waits for the work, then gives its result (as often as asked).
    var value: T {
        finished.wait()
        defer { finished.signal() }
        return result!
    }
}

/// Arrays of counters, one per text of a corpus, that the chunks of a parallel search borrow
/// and give back all zero again. A chunk of a few thousand texts needs the whole array (any
/// text may share words with one of its own): a fresh one for each chunk was hundreds of
/// megabytes zeroed and faulted in at 10,000 sources, where a few arrays, one per core at work, do.
final class ZeroedCounters: @unchecked Sendable {
    private let lock = NSLock()
    private var idle: [[Int32]] = []
    private let count: Int

    init(count: Int) {
        self.count = count
    }

    /// `work` given an array of `count` zeros, which it must leave all zero.
    func withCounters<T>(_ work: (inout [Int32]) -> T) -> T {
        var counters = lock.withLock { idle.popLast() } ?? [Int32](repeating: 0, count: count)
        defer { lock.withLock { idle.append(counters) } }
        return work(&counters)
    }
}
