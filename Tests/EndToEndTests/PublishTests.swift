import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import DossierCore

/// Runs a program to its end and returns its status, what it printed and its
/// errors. Output goes through files: a pipe read interrupted by a signal is
/// fatal in Foundation's FileHandle.
private func execute(_ executable: URL, _ arguments: [String], in folder: URL? = nil) throws -> (status: Int32, output: String, errors: String) {
    let logs = FileManager.default.temporaryDirectory.appendingPathComponent("dossier-publish-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: logs) }
    let outURL = logs.appendingPathComponent("out"), errURL = logs.appendingPathComponent("err")
    _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
    let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
    defer { try? out.close(); try? err.close() }
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    if let folder { process.currentDirectoryURL = folder }
    process.standardOutput = out
    process.standardError = err
    try process.run()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
            String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
}

/// Runs `git` and returns what it printed; a failing git fails the test.
@discardableResult
private func git(_ arguments: [String], in folder: URL? = nil) throws -> String {
    let arguments = ["git"] + (folder.map { ["-C", $0.path] } ?? []) + arguments
    let (status, output, errors) = try execute(URL(fileURLWithPath: "/usr/bin/env"), arguments)
    guard status == 0 else { throw DossierError("\(arguments.joined(separator: " ")) exited with \(status): \(errors)") }
    return output
}

/// A dossier to publish: the seeds, a copy of the templates, and `dossier.yml`
/// with a `publish:` block appended.
private struct PublishFixture {
    let root: URL
    var templates: URL { root.appendingPathComponent("templates") }
    var config: URL { root.appendingPathComponent("dossier.yml") }
    var output: URL { root.appendingPathComponent("public") }
    var corpus = repositoryRoot.appendingPathComponent("seeds")

    init(publish: String = "") throws {
        root = try temporaryFolder()
        try copyTemplates(to: templates)
        let base = try String(contentsOf: repositoryRoot.appendingPathComponent("dossier.yml"), encoding: .utf8)
        try writeConfig(base + "\n" + publish)
    }

    func writeConfig(_ text: String) throws {
        try Data(text.utf8).write(to: config)
    }

    func options(to: String? = nil, branch: String? = nil, dryRun: Bool = false) -> PublishOptions {
        PublishOptions(build: BuildOptions(corpus: corpus.path, output: output.path, templates: templates.path, config: config.path),
                       to: to, branch: branch, dryRun: dryRun)
    }

    func publish(to: String? = nil, branch: String? = nil, dryRun: Bool = false, at date: Date = Date()) throws -> PublishReport {
        try Publisher(options: options(to: to, branch: branch, dryRun: dryRun), now: { date }).run()
    }

    func editStylesheet() throws {
        let css = templates.appendingPathComponent("assets/style.css")
        try Data((try String(contentsOf: css, encoding: .utf8) + "\n/* edited */\n").utf8).write(to: css)
    }

    /// A copy of the seeds without their first source.
    func corpusWithoutOneSource() throws -> URL {
        let copy = root.appendingPathComponent("smaller-seeds")
        try FileManager.default.copyItem(at: repositoryRoot.appendingPathComponent("seeds"), to: copy)
        let first = try #require(try FileManager.default.contentsOfDirectory(atPath: copy.path).filter { $0.hasSuffix(".txt") }.sorted().first)
        try FileManager.default.removeItem(at: copy.appendingPathComponent(first))
        return copy
    }
}

private let firstDate = Date(timeIntervalSince1970: 1_767_225_600)   // 2026-01-01T00:00:00Z
private let secondDate = Date(timeIntervalSince1970: 1_767_312_000)  // 2026-01-02T00:00:00Z
private let title = "Washington, Moscow and Europe's security"

@Suite struct GitPublishTests {
    @Test func publishingTwiceToABareRepositoryAddsOneCommitEachAndKeepsHistory() throws {
        let fixture = try PublishFixture(publish: "publish:\n  cname: dossier.example.org\n")
        defer { try? FileManager.default.removeItem(at: fixture.root) }
        let bare = fixture.root.appendingPathComponent("site.git")
        try git(["init", "-q", "--bare", bare.path])

        let first = try fixture.publish(to: bare.path, at: firstDate)
        #expect(first.destination == .git(repository: bare.path, branch: "gh-pages"))
        #expect(first.plan.added.contains("index.html") && first.plan.added.contains(".nojekyll") && first.plan.added.contains("CNAME"))
        let firstCommit = try #require(first.commit)
        #expect(try git(["rev-parse", "gh-pages"], in: bare).trimmingCharacters(in: .whitespacesAndNewlines) == firstCommit)

        try fixture.editStylesheet()
        try fixture.writeConfig(try String(contentsOf: repositoryRoot.appendingPathComponent("dossier.yml"), encoding: .utf8)
                                + "\npublish:\n  cname: briefings.example.org\n  author: Jane Analyst <jane@example.org>\n")
        let second = try fixture.publish(to: bare.path, at: secondDate)
        #expect(second.plan == PublishPlan(changed: ["CNAME", "assets/style.css"], unchanged: second.plan.unchanged))
        let secondCommit = try #require(second.commit)

        let log = try git(["log", "--format=%H %P|%an <%ae>|%s", "gh-pages"], in: bare).split(separator: "\n").map(String.init)
        #expect(log == [
            "\(secondCommit) \(firstCommit)|Jane Analyst <jane@example.org>|Publish \(title) at 2026-01-02T00:00:00Z",
            "\(firstCommit) |Dossier <dossier@localhost>|Publish \(title) at 2026-01-01T00:00:00Z",
        ], "two commits, the first the parent of the second: history kept")

        // What the host serves: the branch's tree is exactly the built site, .nojekyll and CNAME.
        let index = try git(["show", "gh-pages:index.html"], in: bare)
        #expect(Data(index.utf8) == (try Data(contentsOf: fixture.output.appendingPathComponent("index.html"))))
        let checkout = fixture.root.appendingPathComponent("checkout")
        try git(["clone", "-q", "--branch", "gh-pages", bare.path, checkout.path])
        var served = try snapshot(checkout).filter { !$0.key.hasPrefix(".git/") }
        #expect(served.removeValue(forKey: ".nojekyll") == Data())
        #expect(served.removeValue(forKey: "CNAME") == Data("briefings.example.org\n".utf8))
        #expect(served == (try snapshot(fixture.output)))

        let third = try fixture.publish(to: bare.path, at: Date())
        #expect(third.plan.isEmpty && third.commit == nil, "nothing changed: no commit")
        #expect(try git(["rev-list", "--count", "gh-pages"], in: bare).trimmingCharacters(in: .whitespacesAndNewlines) == "2")
    }

    @Test func aDryRunListsTheChangesAndChangesNothing() throws {
        let fixture = try PublishFixture()
        defer { try? FileManager.default.removeItem(at: fixture.root) }
        let bare = fixture.root.appendingPathComponent("site.git")
        try git(["init", "-q", "--bare", bare.path])

        let fresh = try fixture.publish(to: bare.path, dryRun: true)
        #expect(fresh.dryRun && fresh.commit == nil && fresh.plan.added.contains("index.html"))
        #expect(try git(["for-each-ref"], in: bare).isEmpty, "no branch was created")
        #expect(!FileManager.default.fileExists(atPath: fixture.output.path), "a dry run builds aside")

        _ = try fixture.publish(to: bare.path)
        let tip = try git(["rev-parse", "gh-pages"], in: bare)
        let builtBefore = try snapshot(fixture.output)
        try fixture.editStylesheet()
        var smaller = fixture
        smaller.corpus = try fixture.corpusWithoutOneSource()
        let plan = try smaller.publish(to: bare.path, dryRun: true).plan
        #expect(plan.changed.contains("assets/style.css"))
        #expect(plan.removed.contains { $0.hasPrefix("sources/") }, "the missing source's page would go")
        #expect(plan.added.allSatisfy { $0.hasPrefix("search/") }, "only the search index can have new files (a shard)")
        #expect(try git(["rev-parse", "gh-pages"], in: bare) == tip)
        #expect(try snapshot(fixture.output) == builtBefore)
    }

    @Test func aRefusedPushLeavesTheBranchAsItWas() throws {
        let fixture = try PublishFixture()
        defer { try? FileManager.default.removeItem(at: fixture.root) }
        let bare = fixture.root.appendingPathComponent("site.git")
        try git(["init", "-q", "--bare", bare.path])
        _ = try fixture.publish(to: bare.path)
        let tip = try git(["rev-parse", "gh-pages"], in: bare)

        let hook = bare.appendingPathComponent("hooks/pre-receive")
        try Data("#!/bin/sh\necho 'refused by the test' >&2\nexit 1\n".utf8).write(to: hook)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hook.path)
        try fixture.editStylesheet()
        #expect {
            try fixture.publish(to: bare.path)
        } throws: { error in
            let error = error as? DossierError
            return error?.step == "publish" && error?.message.contains("refused by the test") == true && error?.file == bare.path
        }
        #expect(try git(["rev-parse", "gh-pages"], in: bare) == tip, "nothing pushed")
        #expect(try git(["rev-list", "--count", "gh-pages"], in: bare).trimmingCharacters(in: .whitespacesAndNewlines) == "1")
    }

    @Test func anUnreachableRepositoryIsReportedWithItsAddress() throws {
        let fixture = try PublishFixture()
        defer { try? FileManager.default.removeItem(at: fixture.root) }
        let missing = "file://" + fixture.root.appendingPathComponent("nowhere.git").path
        #expect {
            try fixture.publish(to: missing)
        } throws: { error in
            let error = error as? DossierError
            return error?.file == missing && error?.hint != nil
        }
        #expect(!FileManager.default.fileExists(atPath: fixture.root.appendingPathComponent("nowhere.git").path))
    }
}

@Suite struct FolderPublishTests {
    @Test func aSecondPublishRemovesPagesGoneFromTheSiteAndTouchesNothingElse() throws {
        var fixture = try PublishFixture()
        defer { try? FileManager.default.removeItem(at: fixture.root) }
        let www = fixture.root.appendingPathComponent("www")
        try FileManager.default.createDirectory(at: www.appendingPathComponent("sources"), withIntermediateDirectories: true)
        try Data("Team: the analysts\n".utf8).write(to: www.appendingPathComponent("humans.txt"))
        try Data("the user's own".utf8).write(to: www.appendingPathComponent("sources/notes.txt"))

        let first = try fixture.publish(to: www.path)
        #expect(first.destination == .folder(www.path) && first.commit == nil)
        let fullSite = try snapshot(fixture.output)
        #expect(first.plan.added.count == fullSite.count)

        fixture.corpus = try fixture.corpusWithoutOneSource()
        let second = try fixture.publish(to: www.path)
        let smallerSite = try snapshot(fixture.output)
        let gone = Set(fullSite.keys).subtracting(smallerSite.keys)
        #expect(gone.contains { $0.hasPrefix("sources/") })
        #expect(Set(second.plan.removed) == gone)

        var there = try snapshot(www)
        #expect(there.removeValue(forKey: "humans.txt") == Data("Team: the analysts\n".utf8), "the user's file is untouched")
        #expect(there.removeValue(forKey: "sources/notes.txt") == Data("the user's own".utf8))
        #expect(there.removeValue(forKey: ".dossier-published") != nil)
        #expect(there == smallerSite, "the folder holds exactly the new site besides the user's files")
    }
}

/// nginx on a free loopback port serving `root`, stopped by `stop()`.
///
/// nginx runs with its master process, which sets its own signal mask: a child
/// spawned from a test thread inherits one that blocks SIGTERM. It runs under
/// `timeout`, so that it exits by itself even if the test process dies first.
private struct Nginx {
    let process = Process()
    let executable: String
    let port: UInt16
    let prefix: URL
    var conf: URL { prefix.appendingPathComponent("nginx.conf") }
    var errorLog: URL { prefix.appendingPathComponent("logs/error.log") }

    static func executable() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let folders = path.split(separator: ":").map(String.init) + ["/usr/sbin", "/usr/local/sbin", "/usr/local/nginx/sbin", "/opt/homebrew/bin"]
        return folders.map { $0 + "/nginx" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    init(serving root: URL, prefix: URL) throws {
        guard let executable = Self.executable() else {
            throw DossierError("nginx is not installed, so the published folder cannot be served",
                               hint: "run scripts/install-dependencies.sh (it installs nginx)")
        }
        self.executable = executable
        self.prefix = prefix
        port = try freeLoopbackPort()
        for folder in ["logs", "temp"] {
            try FileManager.default.createDirectory(at: prefix.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        let temp = prefix.appendingPathComponent("temp").path
        // As root, workers would otherwise run as `nobody`, who may not read the test's temporary folder.
        let user = getuid() == 0 ? "user root;\n" : ""
        let text = """
            \(user)daemon off;
            worker_processes 1;
            pid \(prefix.path)/nginx.pid;
            error_log \(errorLog.path);
            events { worker_connections 64; }
            http {
                access_log off;
                client_body_temp_path \(temp)/body;
                proxy_temp_path \(temp)/proxy;
                fastcgi_temp_path \(temp)/fastcgi;
                uwsgi_temp_path \(temp)/uwsgi;
                scgi_temp_path \(temp)/scgi;
                types { text/html html; text/css css; text/markdown md; application/xml xml; }
                default_type application/octet-stream;
                server {
                    listen 127.0.0.1:\(port);
                    root \(root.path);
                }
            }
            """
        try Data(text.utf8).write(to: conf)
        let arguments = ["-e", errorLog.path, "-p", prefix.path, "-c", conf.path]
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/timeout") {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
            process.arguments = ["120", executable] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
        }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    /// Waits until nginx answers; fails with its error log when it does not.
    func waitUntilServing() async throws {
        for _ in 0..<100 {
            if !process.isRunning { break }
            if (try? await fetch("/")) != nil { return }
            try await Task.sleep(nanoseconds: 50_000_000)
        }
        let log = (try? String(contentsOf: errorLog, encoding: .utf8)) ?? ""
        throw DossierError("nginx did not start on 127.0.0.1:\(port): \(log)")
    }

    func fetch(_ path: String) async throws -> (Int, Data) {
        let encoded = path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path
        let url = try #require(URL(string: "http://127.0.0.1:\(port)" + encoded))
        var request = URLRequest(url: url)
        request.cachePolicy = .reloadIgnoringLocalCacheData
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
    }

    /// `nginx -s stop`: a fresh process signals the master, whatever this process's signal mask.
    func stop() {
        _ = try? execute(URL(fileURLWithPath: executable), ["-e", errorLog.path, "-p", prefix.path, "-c", conf.path, "-s", "stop"])
        for _ in 0..<100 where process.isRunning { usleep(50_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }
}

/// A port nothing listens on now: bound to 127.0.0.1:0, read back and released.
private func freeLoopbackPort() throws -> UInt16 {
    let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard socketFD >= 0 else { throw DossierError("cannot open a socket") }
    defer { close(socketFD) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socketFD, $0, length) == 0 && getsockname(socketFD, $0, &length) == 0 }
    }
    guard bound else { throw DossierError("cannot find a free port on 127.0.0.1") }
    return UInt16(bigEndian: address.sin_port)
}

@Suite struct NginxPublishTests {
    @Test func nginxServesEveryPublishedPageAndNoLongerTheRemovedOnes() async throws {
        var fixture = try PublishFixture()
        defer { try? FileManager.default.removeItem(at: fixture.root) }
        let www = fixture.root.appendingPathComponent("www")
        _ = try fixture.publish(to: www.path)
        let nginx = try Nginx(serving: www, prefix: fixture.root.appendingPathComponent("nginx"))
        defer { nginx.stop() }
        try await nginx.waitUntilServing()

        let site = try snapshot(fixture.output)
        #expect(site.count > 20)
        for (path, bytes) in site.sorted(by: { $0.key < $1.key }) {
            let (status, body) = try await nginx.fetch("/" + path)
            #expect(status == 200, "\(path)")
            #expect(body == bytes, "\(path) as served differs from the built file")
        }
        let (status, home) = try await nginx.fetch("/")
        #expect(status == 200 && home == site["index.html"])

        fixture.corpus = try fixture.corpusWithoutOneSource()
        let removed = try fixture.publish(to: www.path).plan.removed
        #expect(!removed.isEmpty)
        for path in removed {
            #expect(try await nginx.fetch("/" + path).0 == 404, "\(path) is gone from the server")
        }
        for (path, bytes) in try snapshot(fixture.output) {
            #expect(try await nginx.fetch("/" + path) == (200, bytes), "\(path)")
        }
    }
}

@Suite struct PublishCommandLineTests {
    var binary: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("dossier")
    }

    func dossier(_ arguments: [String], in folder: URL) throws -> (Int32, String) {
        let (status, output, errors) = try execute(binary, arguments, in: folder)
        return (status, output + errors)
    }

    @Test func publishReadsItsDestinationFromDossierYmlAndFlagsOverrideIt() throws {
        let fixture = try PublishFixture(publish: "publish:\n  to: site.git\n  branch: pages\n  cname: dossier.example.org\n")
        defer { try? FileManager.default.removeItem(at: fixture.root) }
        try git(["init", "-q", "--bare", fixture.root.appendingPathComponent("site.git").path])
        let common = ["--corpus", fixture.corpus.path, "--templates", fixture.templates.path, "--quiet"]

        let (status, printed) = try dossier(["publish"] + common, in: fixture.root)
        #expect(status == 0, "\(printed)")
        #expect(printed.contains("Published to branch pages of \(fixture.root.appendingPathComponent("site.git").path): commit "))
        #expect(try git(["show", "pages:CNAME"], in: fixture.root.appendingPathComponent("site.git")) == "dossier.example.org\n")

        let www = fixture.root.appendingPathComponent("www")
        let (dryStatus, plan) = try dossier(["publish", "--to", "www", "--dry-run"] + common, in: fixture.root)
        #expect(dryStatus == 0)
        #expect(plan.contains("+ index.html\n") && plan.contains("Dry run: nothing was published to folder \(www.path)."))
        #expect(!FileManager.default.fileExists(atPath: www.path))

        let (failed, message) = try dossier(["publish", "--to", "www", "--branch", "main"] + common, in: fixture.root)
        #expect(failed != 0 && message.contains("--branch is for a git repository"))
    }
}
