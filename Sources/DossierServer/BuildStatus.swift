import Foundation

/// The outcome of the latest build, as every request sees it.
///
/// `version` changes after every build, good or failed, so that open pages reload
/// both to show an error and to drop it; the server's start time is part of it so
/// that a restarted server never repeats an earlier version.
actor BuildStatus {
    struct Snapshot: Sendable, Equatable {
        var version: String
        /// The failed build's error as the terminal shows it; nil while the site is current.
        var error: String?
    }

    private let started = Int(Date().timeIntervalSince1970)
    private var generation = 0
    private var error: String?

    var current: Snapshot {
        Snapshot(version: "\(started)-\(generation)", error: error)
    }

    func finished(error: String?) {
        generation += 1
        self.error = error
    }
}
