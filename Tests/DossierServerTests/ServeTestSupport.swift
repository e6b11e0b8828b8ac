import DossierCore
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
@testable import DossierServer

/// The repository's root, for `seeds/`, `templates/` and `dossier.yml`.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A copy of the repository's dossier in a temporary folder: corpus, templates, config; the site goes to `public/`.
struct ServeFixture {
    let root: URL
    var corpus: URL { root.appendingPathComponent("seeds") }
    var templates: URL { root.appendingPathComponent("templates") }
    var config: URL { root.appendingPathComponent("dossier.yml") }
    var out: URL { root.appendingPathComponent("public") }

    init() throws {
        root = FileManager.default.temporaryDirectory
            .appendingPathComponent("dossier-serve-tests-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
            .resolvingSymlinksInPath()
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        for name in ["seeds", "templates", "dossier.yml"] {
            try FileManager.default.copyItem(at: repositoryRoot.appendingPathComponent(name), to: root.appendingPathComponent(name))
        }
    }

    var buildOptions: BuildOptions {
        BuildOptions(corpus: corpus.path, output: out.path, templates: templates.path, config: config.path)
    }

    func cleanUp() {
        try? FileManager.default.removeItem(at: root)
    }
}

/// A thread-safe box for values shared between the server's tasks and the test.
final class Locked<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value

    init(_ value: Value) { stored = value }

    var value: Value {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }

    func mutate(_ change: (inout Value) -> Void) { lock.withLock { change(&stored) } }
}

/// A preview server running in this process on a free loopback port.
final class RunningServer: Sendable {
    let port: Int
    let log: Locked<[String]>
    private let task: Task<Void, Never>
    private let finished: Locked<Bool>
    private let failure: Locked<String?>

    private init(port: Int, log: Locked<[String]>, task: Task<Void, Never>, finished: Locked<Bool>, failure: Locked<String?>) {
        self.port = port
        self.log = log
        self.task = task
        self.finished = finished
        self.failure = failure
    }

    /// Starts the server (port 0: the system picks) and waits, at most `timeout`, until it listens.
    static func start(_ fixture: ServeFixture, timeout: Duration = .seconds(120)) async throws -> RunningServer {
        let log = Locked<[String]>([])
        let bound = Locked<Int?>(nil)
        let finished = Locked(false)
        let failure = Locked<String?>(nil)
        let options = ServeOptions(build: fixture.buildOptions, port: 0, pollInterval: .milliseconds(100), debounce: .milliseconds(200))
        let server = PreviewServer(options: options) { line in log.mutate { $0.append(line) } }
        let task = Task {
            do {
                try await server.run { port in bound.value = port }
            } catch {
                failure.value = "\(error)"
            }
            finished.value = true
        }
        let deadline = ContinuousClock.now + timeout
        while bound.value == nil {
            if finished.value || ContinuousClock.now > deadline {
                task.cancel()
                throw DossierError("the server did not start: \(failure.value ?? "timed out"); log: \(log.value.joined(separator: "\n"))")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        return RunningServer(port: bound.value!, log: log, task: task, finished: finished, failure: failure)
    }

    /// Cancels the server and waits, at most `timeout`, until it has stopped; true if it did.
    @discardableResult
    func stop(timeout: Duration = .seconds(20)) async -> Bool {
        task.cancel()
        let deadline = ContinuousClock.now + timeout
        while !finished.value && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        return finished.value
    }

    var isRunning: Bool { !finished.value }

    func get(_ target: String, method: String = "GET") async throws -> HTTPReply {
        try await HTTPReply.fetch(port: port, target: target, method: method)
    }

    /// The current build version, as the reload script sees it.
    func version() async throws -> String {
        try await get(LiveReload.versionPath).text
    }

    /// Waits, at most `timeout`, until the build version differs from `old`.
    func waitForVersion(other old: String, timeout: Duration = .seconds(120)) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let current = try await version()
            if current != old { return current }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw DossierError("no rebuild within \(timeout); log: \(log.value.joined(separator: "\n"))")
    }
}

/// One HTTP/1.1 exchange over a plain socket, so that the request target is sent exactly
/// as written (URL types and curl normalise `..` away) and every wait is bounded.
struct HTTPReply: Sendable {
    var status: Int
    var headers: [String: String]
    var body: Data
    var text: String { String(decoding: body, as: UTF8.self) }

    static func fetch(port: Int, target: String, method: String = "GET", timeout: Int = 10) async throws -> HTTPReply {
        // A thread of its own: blocked in recv on a shared worker, the client could starve the
        // in-process server of the threads it answers with.
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Result { try exchange(port: port, target: target, method: method, timeout: timeout) })
            }.start()
        }
    }

    static func exchange(port: Int, target: String, method: String, timeout: Int) throws -> HTTPReply {
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketFD >= 0 else { throw DossierError("cannot open a socket") }
        defer { close(socketFD) }
        var limit = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(socketFD, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(socketFD, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socketFD, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
        guard connected else { throw DossierError("cannot connect to 127.0.0.1:\(port)") }
        let request = Array("\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n\r\n".utf8)
        guard request.withUnsafeBytes({ send(socketFD, $0.baseAddress, $0.count, 0) }) == request.count else {
            throw DossierError("cannot send the request for \(target)")
        }
        var received = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(socketFD, $0.baseAddress, $0.count, 0) }
            if count < 0 { throw DossierError("no answer for \(target) within \(timeout) s (errno \(errno))") }
            if count == 0 { break }
            received.append(contentsOf: buffer[0..<count])
            if let reply = parse(received, method: method), reply.complete { return reply.reply }
        }
        guard let reply = parse(received, method: method) else { throw DossierError("no HTTP answer for \(target)") }
        return reply.reply
    }

    private static func parse(_ data: Data, method: String) -> (reply: HTTPReply, complete: Bool)? {
        guard let end = data.range(of: Data("\r\n\r\n".utf8)) else { return nil }
        let head = String(decoding: data[..<end.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = head.first?.split(separator: " ") ?? []
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { return nil }
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let body = Data(data[end.upperBound...])
        let expected = method == "HEAD" ? 0 : Int(headers["content-length"] ?? "")
        let complete = expected.map { body.count >= $0 } ?? false
        return (HTTPReply(status: status, headers: headers, body: body), complete)
    }
}

/// Every file under `folder`, by relative path; without the build cache's unless `cache` (it
/// records which file each page is, so two builds of the same site differ there).
func treeContents(_ folder: URL, cache: Bool = true) throws -> [String: Data] {
    var files: [String: Data] = [:]
    let base = folder.resolvingSymlinksInPath().path + "/"
    guard let walker = FileManager.default.enumerator(at: folder.resolvingSymlinksInPath(), includingPropertiesForKeys: [.isRegularFileKey]) else {
        return files
    }
    for case let url as URL in walker where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
        let path = url.resolvingSymlinksInPath().path
        let relative = path.hasPrefix(base) ? String(path.dropFirst(base.count)) : path
        if !cache && BuildCache.holds(relative) { continue }
        files[relative] = try Data(contentsOf: url)
    }
    return files
}
