import DossierCore

/// What `dossier serve` builds, where it listens and how often it looks for changes.
public struct ServeOptions: Sendable {
    public var build: BuildOptions
    /// Loopback unless the user asks otherwise: a preview is not meant for the network.
    public var host: String
    /// 0 asks the system for a free port; the bound one is reported once listening.
    public var port: Int
    /// How often the watched files' modification times are read.
    public var pollInterval: Duration
    /// How long the inputs must stay unchanged before a rebuild starts (editors save in bursts).
    public var debounce: Duration
    /// Stop gracefully on SIGINT and SIGTERM (the command line); tests stop by cancelling.
    public var handlesSignals: Bool

    public init(build: BuildOptions = BuildOptions(), host: String = "127.0.0.1", port: Int = 8000,
                pollInterval: Duration = .milliseconds(300), debounce: Duration = .milliseconds(200),
                handlesSignals: Bool = false) {
        self.build = build
        self.host = host
        self.port = port
        self.pollInterval = pollInterval
        self.debounce = debounce
        self.handlesSignals = handlesSignals
    }

    var isLoopback: Bool {
        host == "127.0.0.1" || host == "::1" || host == "localhost" || host.hasPrefix("127.")
    }
}
