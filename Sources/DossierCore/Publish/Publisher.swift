import Foundation

/// What `dossier publish` was asked: the build's own options and the flags that
/// override `publish:` in `dossier.yml`.
public struct PublishOptions: Sendable {
    public var build: BuildOptions
    /// `--to`: a git repository (URL or path) or a folder; relative paths from the current folder.
    public var to: String?
    /// `--branch`, for a git destination.
    public var branch: String?
    public var dryRun: Bool

    public init(build: BuildOptions = BuildOptions(), to: String? = nil, branch: String? = nil, dryRun: Bool = false) {
        self.build = build
        self.to = to
        self.branch = branch
        self.dryRun = dryRun
    }
}

/// What a publish did, or on a dry run would do.
public struct PublishReport: Sendable {
    public var destination: PublishDestination
    public var plan: PublishPlan
    /// The commit pushed to a git destination; nil for a folder, a dry run or when nothing changed.
    public var commit: String?
    public var dryRun: Bool
    public var build: BuildReport
}

/// `dossier publish`: builds the site from the current inputs, then sends it to a
/// git branch or a folder. Publishing only what it has just built means a stale
/// or half-written output folder can never be published.
public struct Publisher: Sendable {
    public let options: PublishOptions
    /// Receives the build's step lines and the publish's own.
    public var log: @Sendable (String) -> Void
    /// The time named in the commit message.
    public var now: @Sendable () -> Date

    public init(options: PublishOptions, log: @escaping @Sendable (String) -> Void = { _ in }, now: @escaping @Sendable () -> Date = { Date() }) {
        self.options = options
        self.log = log
        self.now = now
    }

    public func run() throws -> PublishReport {
        let config = try DossierConfig.load(from: options.build.config)
        let destination = try resolveDestination(config)

        // A dry run builds aside, so that it changes nothing, not even the output folder.
        var build = options.build
        var scratch: URL?
        if options.dryRun {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dossier-dry-run-\(UUID().uuidString)")
            scratch = folder
            build.output = folder.appendingPathComponent("public").path
        }
        defer { if let scratch { try? FileManager.default.removeItem(at: scratch) } }
        let report = try BuildPipeline(options: build, log: log).run()
        let site = try BuiltSite.read(build.output)

        log("Publishing \(site.count) files to \(destination)" + (options.dryRun ? " (dry run)" : ""))
        do {
            switch destination {
            case let .git(repository, branch):
                let identity = try config.publish.author.map { text in
                    guard let identity = Git.Identity(parsing: text) else {
                        throw DossierError(file: options.build.config, "`publish.author` must be written `Name <email>`")
                    }
                    return identity
                } ?? Git.Identity(name: "Dossier", email: "dossier@localhost")
                let publisher = GitPublisher(repository: repository, branch: branch, cname: config.publish.cname,
                                             identity: identity, message: Self.commitMessage(title: config.title, at: now()))
                let result = try publisher.publish(site, dryRun: options.dryRun)
                return PublishReport(destination: destination, plan: result.plan, commit: result.commit, dryRun: options.dryRun, build: report)
            case let .folder(path):
                let plan = try FolderPublisher(folder: path).publish(site, dryRun: options.dryRun)
                return PublishReport(destination: destination, plan: plan, commit: nil, dryRun: options.dryRun, build: report)
            }
        } catch let error as DossierError {
            throw error.inStep("publish")
        }
    }

    /// "Publish The dossier's title at 2025-01-31T09:15:00Z"
    static func commitMessage(title: String, at date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return "Publish \(title) at \(formatter.string(from: date))"
    }

    /// `--to` over `publish.to`; `--branch` over `publish.branch` over `gh-pages`.
    /// A relative path in `dossier.yml` is read from the folder `dossier.yml` is in.
    func resolveDestination(_ config: DossierConfig) throws -> PublishDestination {
        let text: String
        let base: URL
        if let to = options.to, !to.isEmpty {
            text = to
            base = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        } else if let to = config.publish.to, !to.isEmpty {
            text = to
            base = URL(fileURLWithPath: options.build.config).standardizedFileURL.deletingLastPathComponent()
        } else {
            throw DossierError(file: options.build.config, "no destination to publish to",
                               hint: "give `--to` a git repository or a folder, or set `publish: {to: …}` in dossier.yml")
        }
        let local = PublishDestination.looksLikeURL(text) ? text : Self.absolute(text, from: base)
        let destination = PublishDestination.resolve(local, branch: options.branch ?? config.publish.branch)
        if case let .folder(path) = destination {
            if options.branch != nil {
                throw DossierError(file: local, "--branch is for a git repository, and this is a folder, not a repository",
                                   hint: "give --to the repository's URL or path, or leave out --branch to synchronise the folder")
            }
            if path.hasSuffix(".git") {
                throw DossierError(file: path, "this is not a git repository, and its name says it should be one",
                                   hint: "create it first (`git init --bare \(path)`), or name a folder to synchronise")
            }
            let output = Self.absolute(options.build.output, from: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
            if path == output || path.hasPrefix(output + "/") {
                throw DossierError(file: path, "the destination is the build's own output folder (\(options.build.output))",
                                   hint: "publish to a folder outside it; the build replaces its output folder as a whole")
            }
        }
        return destination
    }

    static func absolute(_ path: String, from base: URL) -> String {
        let expanded = (path as NSString).expandingTildeInPath
        if expanded.hasPrefix("/") { return URL(fileURLWithPath: expanded).standardizedFileURL.path }
        return base.appendingPathComponent(expanded).standardizedFileURL.path
    }
}
