import Foundation

/// Runs independent pieces of work (boards, say) on every core and keeps their input order,
/// so the output is the same bytes whatever the scheduling.
enum ParallelMap {
    /// `items.map(transform)`, with the calls spread over the machine's cores.
    static func map<Item: Sendable, Output: Sendable>(_ items: [Item], _ transform: @Sendable (Item) -> Output) -> [Output] {
        guard items.count > 1, ProcessInfo.processInfo.activeProcessorCount > 1 else { return items.map(transform) }
        let slots = Slots<Output>(count: items.count)
        DispatchQueue.concurrentPerform(iterations: items.count) { index in
            slots.set(index, transform(items[index]))
        }
        return slots.values()
    }

    /// One result per index, each written by exactly one iteration; the lock orders the writes
    /// before the read that follows `concurrentPerform`.
    private final class Slots<Output: Sendable>: @unchecked Sendable {
        private var storage: [Output?]
        private let lock = NSLock()

        init(count: Int) { storage = Array(repeating: nil, count: count) }

        func set(_ index: Int, _ value: Output) {
            lock.lock()
            storage[index] = value
            lock.unlock()
        }

        func values() -> [Output] {
            lock.lock()
            defer { lock.unlock() }
            return storage.map { $0! }
        }
    }
}
