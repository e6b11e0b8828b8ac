import Foundation

/// The `git` command-line tool, run in one working folder. Git's own transport,
/// credential helpers and hooks then behave exactly as they do for the user.
struct Git: Sendable {
    /// The folder git runs in (`git -C`).
    let folder: URL
    /// Author and committer, `Name <email>`.
    var identity = Identity(name: "Dossier", email: "dossier@localhost")

    struct Identity: Sendable, Equatable {
        var name: String
        var email: String

        /// `"Jane Doe <jane@example.org>"`; nil when it is not of that form.
        init?(parsing text: String) {
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasSuffix(">"), let open = trimmed.lastIndex(of: "<") else { return nil }
            let name = trimmed[..<open].trimmingCharacters(in: .whitespaces)
            let email = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
            guard !name.isEmpty, !email.isEmpty, !email.contains("<") else { return nil }
            self.init(name: name, email: email)
        }

        init(name: String, email: String) {
            self.name = name
            self.email = email
        }
    }

    struct Output: Sendable {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `git args…`; returns whatever it printed, whether it succeeded or not.
    func run(_ arguments: [String]) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        // Settings a user's global configuration may hold that would change the
        // published bytes or stop a non-interactive commit.
        let settings = ["core.autocrlf=false", "core.safecrlf=false", "commit.gpgsign=false", "core.quotepath=false",
                        "advice.detachedHead=false", "init.defaultBranch=main"]
        process.arguments = ["git", "-C", folder.path] + settings.flatMap { ["-c", $0] } + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["GIT_AUTHOR_NAME"] = identity.name
        environment["GIT_AUTHOR_EMAIL"] = identity.email
        environment["GIT_COMMITTER_NAME"] = identity.name
        environment["GIT_COMMITTER_EMAIL"] = identity.email
        environment["LC_ALL"] = "C"  // messages we match on, in English
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        // Output goes to files, not pipes: a pipe read interrupted by a signal
        // (another child exiting) is fatal in Foundation's FileHandle.
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("dossier-git-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("out"), errURL = scratch.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        defer { try? out.close(); try? err.close() }
        process.standardOutput = out
        process.standardError = err
        do {
            try process.run()
        } catch {
            throw DossierError("cannot run git: \(error.localizedDescription)", hint: "install git (Debian: apt-get install git)")
        }
        process.waitUntilExit()
        return Output(status: process.terminationStatus, stdout: String(decoding: (try? Data(contentsOf: outURL)) ?? Data(), as: UTF8.self),
                      stderr: String(decoding: (try? Data(contentsOf: errURL)) ?? Data(), as: UTF8.self))
    }

    /// Runs `git args…` and fails with git's own words when git does.
    @discardableResult
    func check(_ arguments: [String], file: String? = nil, _ what: String, hint: String? = nil) throws -> String {
        let output = try run(arguments)
        guard output.status == 0 else {
            let said = Self.indented(output.stderr)
            throw DossierError(file: file, what + (said.isEmpty ? "" : ":\n" + said), hint: hint)
        }
        return output.stdout
    }

    /// Git's messages, each line indented under ours, without the padding `remote:` lines carry.
    static func indented(_ text: String) -> String {
        text.split(separator: "\n").map { "  " + $0.trimmingCharacters(in: .whitespaces) }.filter { $0 != "  " }.joined(separator: "\n")
    }
}
