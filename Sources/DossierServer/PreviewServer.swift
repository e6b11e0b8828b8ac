import DossierCore
import Foundation
import Hummingbird

/// `dossier serve`: builds the site, serves it, rebuilds when an input changes and
/// makes open pages reload. A failed build keeps the previous site on disk and shows
/// its error in every page until a build succeeds.
public struct PreviewServer: Sendable {
    public let options: ServeOptions
    /// Receives the build's step lines, what changed, each rebuild's outcome and errors.
    public var log: @Sendable (String) -> Void

    public init(options: ServeOptions, log: @escaping @Sendable (String) -> Void = { _ in }) {
        self.options = options
        self.log = log
    }

    /// Builds, then serves until the task is cancelled (or, with `handlesSignals`, until
    /// SIGINT or SIGTERM). `onListening` receives the port actually bound (useful with port 0).
    public func run(onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let status = BuildStatus()
        let watcher = ChangeWatcher(roots: [options.build.corpus, options.build.templates, options.build.config],
                                    excluded: [options.build.output])
        let before = watcher.snapshot()
        await build(status: status, changed: nil)
        if !options.isLoopback {
            log("warning: serving on \(options.host): other machines on the network can read this preview")
        }

        let application = Application(
            router: router(status: status),
            configuration: .init(address: .hostname(options.host, port: options.port)),
            onServerRunning: { [options, log] channel in
                let port = channel.localAddress?.port ?? options.port
                let host = options.host.contains(":") ? "[\(options.host)]" : options.host
                log("Serving \(Self.folder(options.build.output)) at http://\(host):\(port)/ — watching \(Self.folder(options.build.corpus)), "
                    + "\(Self.folder(options.build.templates)) and \(options.build.config); Ctrl-C stops")
                await onListening(port)
            }
        )
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { [options] in
                do {
                    if options.handlesSignals {
                        try await application.runService()
                    } else {
                        try await application.runService(gracefulShutdownSignals: [])
                    }
                } catch let error where !Task.isCancelled {
                    throw DossierError("cannot serve on \(options.host):\(options.port): \(error)",
                                       hint: "is another server using that port? pass --port")
                }
            }
            group.addTask { await self.watch(watcher, from: before, status: status) }
            // Whichever ends first (the server, on a signal or an error) ends the other.
            try await group.next()
            group.cancelAll()
        }
    }

    /// `run` for a synchronous caller (the command line): returns when the server stops.
    public func runUntilStopped() throws {
        let finished = DispatchSemaphore(value: 0)
        let outcome = Outcome()
        Task {
            do { try await run() } catch { outcome.error = error }
            finished.signal()
        }
        finished.wait()
        if let error = outcome.error { throw error }
    }

    func router(status: BuildStatus) -> Router<BasicRequestContext> {
        let router = Router(options: .autoGenerateHeadEndpoints)
        router.add(middleware: ReadOnlyMethods())  // before the routes: middleware wraps only routes added after it
        let site = SiteResponder(files: SiteFiles(folder: options.build.output), status: status)
        router.get(RouterPath(LiveReload.versionPath)) { _, _ in SiteResponder.version(await status.current) }
        router.get(RouterPath(LiveReload.scriptPath)) { _, _ in SiteResponder.script() }
        router.get("/") { request, _ in await site.respond(to: request) }
        router.get("**") { request, _ in await site.respond(to: request) }
        return router
    }

    /// Polls the inputs; after a change, waits until they have been quiet for the
    /// debounce interval, then rebuilds. Changes made during a build start the next one.
    func watch(_ watcher: ChangeWatcher, from initial: ChangeWatcher.Snapshot, status: BuildStatus) async {
        var seen = initial
        var look = Duration.zero
        while !Task.isCancelled {
            // Looks are spaced by ten times what one takes, so that watching a large corpus uses at
            // most a tenth of a core while nothing changes.
            try? await Task.sleep(for: max(options.pollInterval, look * 10))
            guard !Task.isCancelled else { return }
            let started = ContinuousClock.now
            var current = watcher.snapshot()
            look = ContinuousClock.now - started
            var changed = Set(ChangeWatcher.changes(from: seen, to: current))
            if changed.isEmpty { continue }
            // An editor's save or a `git checkout` touches several files: wait for quiet, but not forever.
            for _ in 0..<10 {
                try? await Task.sleep(for: options.debounce)
                guard !Task.isCancelled else { return }
                let next = watcher.snapshot()
                let more = ChangeWatcher.changes(from: current, to: next)
                current = next
                if more.isEmpty { break }
                changed.formUnion(more)
            }
            seen = current
            await build(status: status, changed: changed.sorted())
        }
    }

    /// One build, its outcome recorded in `status`. The build blocks, so it runs on a thread
    /// of its own: on a shared worker it could hold up the tasks that answer requests.
    func build(status: BuildStatus, changed: [String]?) async {
        if let changed { log("Changed: \(Self.describe(changed)); rebuilding") }
        let log = self.log
        // The first build prints its steps like `dossier build`; rebuilds print only warnings and the outcome.
        let pipeline = BuildPipeline(options: options.build) { line in
            if changed == nil || !line.hasPrefix("[") { log(line) }
        }
        let result: Result<BuildReport, any Error> = await withCheckedContinuation { continuation in
            Thread {
                continuation.resume(returning: Result { try pipeline.run() })
            }.start()
        }
        switch result {
        case .success(let report) where report.upToDate:
            log(changed == nil ? "Up to date: \(Self.folder(options.build.output)) already holds the site of \(report.sources) sources"
                               : "Nothing to rebuild: what changed holds the same bytes as before")
            await status.finished(error: nil)
        case .success(let report):
            log("Built \(report.sources) sources, \(report.actors) actors, \(report.pages) pages into \(Self.folder(options.build.output)) in "
                + String(format: "%.2f", report.seconds) + " s")
            await status.finished(error: nil)
        case .failure(let error):
            let text = (error as? DossierError)?.description ?? "error: \(error)"
            log("dossier: " + text + "\n  (the previous site is still served; fix the file and save it)")
            await status.finished(error: text)
        }
    }

    /// A folder's name as the terminal shows it, with one trailing slash.
    static func folder(_ path: String) -> String {
        path.hasSuffix("/") ? path : path + "/"
    }

    /// The changed paths relative to the current folder, at most three of them named.
    static func describe(_ paths: [String]) -> String {
        let here = FileManager.default.currentDirectoryPath + "/"
        let names = paths.map { $0.hasPrefix(here) ? String($0.dropFirst(here.count)) : $0 }
        let shown = names.prefix(3).joined(separator: ", ")
        return names.count > 3 ? shown + " and \(names.count - 3) more" : shown
    }
}

/// The error `runUntilStopped`'s task hands back to the waiting thread.
private final class Outcome: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: (any Error)?

    var error: (any Error)? {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
