import Foundation

/// Commits the site to a branch of a git repository the way code hosts serve
/// static pages: the branch's tree is the site plus `.nojekyll` (and `CNAME`),
/// one commit per publish on top of the branch's history, pushed without force.
/// Everything happens in a throwaway clone; the push is the last step, so a
/// failure anywhere before it leaves the repository as it was.
struct GitPublisher: Sendable {
    /// A URL or an absolute path (git runs in a temporary folder).
    var repository: String
    var branch: String
    var cname: String?
    var identity: Git.Identity
    var message: String

    struct Result: Sendable {
        var plan: PublishPlan
        /// The new commit; nil on a dry run or when nothing changed.
        var commit: String?
    }

    func publish(_ site: BuiltSite, dryRun: Bool) throws -> Result {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("dossier-publish-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        var git = Git(folder: work)
        git.identity = identity

        try git.check(["init", "-q"], "cannot create a temporary repository in \(work.path)")
        try git.check(["check-ref-format", "--branch", branch], "`\(branch)` is not a valid branch name")
        try git.check(["remote", "add", "origin", repository], "cannot use \(repository) as a git remote")
        let ref = "refs/heads/" + branch
        let heads = try git.check(["ls-remote", "--heads", "origin", ref], file: repository, "cannot reach the git repository",
                                  hint: "check the URL or path given with --to or publish.to in dossier.yml, and your access to it")
        let exists = !heads.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        if exists {
            // Only the tip is needed: the new commit goes on top of it.
            try git.check(["fetch", "-q", "--no-tags", "--depth", "1", "origin", ref], file: repository, "cannot fetch the branch \(branch)")
            try git.check(["update-ref", ref, "FETCH_HEAD"], "cannot record the fetched branch")
        }
        try git.check(["symbolic-ref", "HEAD", ref], "cannot switch to the branch \(branch)")

        try writeTree(site, into: work)
        // --force: a .gitignore in the site, or the user's global excludes, must not drop pages.
        try git.check(["add", "--all", "--force", "."], "cannot stage the site")
        let plan = try self.plan(git, branchExists: exists)
        if dryRun || plan.isEmpty { return Result(plan: plan, commit: nil) }

        try git.check(["commit", "-q", "--no-verify", "-m", message], "cannot commit the site")
        let commit = try git.check(["rev-parse", "HEAD"], "cannot read the new commit").trimmingCharacters(in: .whitespacesAndNewlines)
        let push = try git.run(["push", "-q", "--no-verify", "origin", ref + ":" + ref])
        if push.status != 0 {
            let said = push.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
            let moved = said.contains("non-fast-forward") || said.contains("fetch first") || said.contains("[rejected]")
            throw DossierError(file: repository, "the push of \(branch) was refused; nothing was published:\n" + Git.indented(said),
                               hint: moved ? "the branch changed while publishing (another publish?); run `dossier publish` again — it never forces a push"
                                           : "check your access to the repository; the branch was left as it was")
        }
        return Result(plan: plan, commit: commit)
    }

    /// The site's files, `.nojekyll` (so that Jekyll does not drop folders and
    /// files starting with `_`) and `CNAME` when a custom domain is configured.
    private func writeTree(_ site: BuiltSite, into work: URL) throws {
        var extra = [SiteFile(path: ".nojekyll", contents: Data())]
        if let cname, !cname.isEmpty { extra.append(SiteFile(path: "CNAME", text: cname + "\n")) }
        // The site's files are read one at a time, as each is written.
        let files = site.paths.filter { $0 != ".nojekyll" && $0 != "CNAME" }.map { path in (path, { try site.contents(of: path) }) }
            + extra.map { file in (file.path, { file.contents }) }
        for (path, contents) in files {
            let parts = path.split(separator: "/")
            guard !parts.contains(".git"), !parts.contains(".."), !path.hasPrefix("/") else {
                throw DossierError(file: path, "this file of the site cannot be committed to a git branch")
            }
            let url = work.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try contents().write(to: url)
        }
    }

    /// The staged tree against the branch's tip: git's own view of what changes.
    private func plan(_ git: Git, branchExists: Bool) throws -> PublishPlan {
        let staged = try git.check(["ls-files", "-z"], "cannot list the staged site").split(separator: "\0").map(String.init)
        guard branchExists else { return PublishPlan(added: staged) }
        let diff = try git.check(["diff", "--cached", "--name-status", "--no-renames", "-z", "HEAD"], "cannot compare the site with the branch")
        let fields = diff.split(separator: "\0", omittingEmptySubsequences: false).map(String.init)
        var added: [String] = [], changed: [String] = [], removed: [String] = []
        var index = 0
        while index + 1 < fields.count {
            let status = fields[index], path = fields[index + 1]
            switch status.first {
            case "A": added.append(path)
            case "D": removed.append(path)
            default: changed.append(path)  // M, T (a file became a link or back)
            }
            index += 2
        }
        return PublishPlan(added: added, changed: changed, removed: removed, unchanged: staged.count - added.count - changed.count)
    }
}
