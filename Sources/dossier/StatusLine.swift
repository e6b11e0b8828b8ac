import Foundation

/// Build output on standard error: on a terminal, a progress line that rewrites itself
/// ("render 1536/5833") and is cleared by each finished step's line; elsewhere (a log
/// file, CI) only the finished steps' lines. Nothing at all when quiet.
final class StatusLine: @unchecked Sendable {
    private let quiet: Bool
    private let terminal = isatty(FileHandle.standardError.fileDescriptor) != 0
    private let lock = NSLock()
    private var showing = false

    init(quiet: Bool) {
        self.quiet = quiet
    }

    /// A finished step, a warning: a line of its own.
    func line(_ text: String) {
        guard !quiet else { return }
        lock.withLock {
            write((showing ? "\r\u{1B}[K" : "") + text + "\n")
            showing = false
        }
    }

    /// How far the current step has come: shown only on a terminal.
    func progress(_ text: String) {
        guard !quiet, terminal else { return }
        lock.withLock {
            write("\r\u{1B}[K" + text)
            showing = true
        }
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
