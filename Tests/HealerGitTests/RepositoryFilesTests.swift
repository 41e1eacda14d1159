// Locating a repository and reading HEAD from git's files agrees with libgit2, or declines.
import Foundation
import HealerGit
import HealerTestSupport
import Testing

@Suite("Repository files without libgit2")
struct RepositoryFilesTests {
    @Test("HEAD through a loose reference, a packed one and a detached HEAD, from a subdirectory")
    func headCommit() throws {
        let tmp = TemporaryDirectory()
        defer { tmp.remove() }
        let fixture = GitFixture.make(in: tmp, files: ["a.txt": "one\n", "dir/b.txt": "two\n"])
        let files = try #require(RepositoryFiles.locate(from: fixture.path + "/dir"))
        let repository = try Repository.discover(at: fixture.path + "/dir")
        #expect(files.workTree == fixture.path)
        #expect(files.commonDirectory == repository.commonDirectory)
        #expect(files.headCommit()?.hex == fixture.head())
        fixture.git("pack-refs", "--all")
        #expect(!FileManager.default.fileExists(atPath: fixture.path + "/.git/refs/heads/main"))
        #expect(files.headCommit()?.hex == fixture.head())
        let first = fixture.head()
        fixture.commit(files: ["a.txt": "changed\n"], message: "change a")
        #expect(files.headCommit()?.hex == fixture.head())
        fixture.git("checkout", "-q", "--detach", first)
        #expect(files.headCommit()?.hex == first)
    }

    @Test("a linked worktree reads its own HEAD and shares the common directory")
    func linkedWorktree() throws {
        let tmp = TemporaryDirectory()
        defer { tmp.remove() }
        let fixture = GitFixture.make(in: tmp, files: ["a.txt": "one\n"])
        let first = fixture.head()
        fixture.git("worktree", "add", "-q", "-b", "side", tmp.appending("side"))
        fixture.commit(files: ["a.txt": "two\n"], message: "main moves on")
        let files = try #require(RepositoryFiles.locate(from: tmp.appending("side")))
        #expect(files.workTree == tmp.appending("side"))
        #expect(files.commonDirectory == (try Repository.discover(at: fixture.path).commonDirectory))
        #expect(files.headCommit()?.hex == first)
    }

    @Test("declines what it does not read plainly: no repository, an unborn branch, a bare repository")
    func declines() {
        let tmp = TemporaryDirectory()
        defer { tmp.remove() }
        #expect(RepositoryFiles.locate(from: tmp.path) == nil)
        let bare = GitFixture.bare(in: tmp)
        #expect(RepositoryFiles.locate(from: bare.path) == nil)
        let unborn = tmp.appending("unborn")
        try? FileManager.default.createDirectory(atPath: unborn, withIntermediateDirectories: true)
        _ = GitFixture(path: unborn).git("init", "-q", "-b", "main")
        #expect(RepositoryFiles.locate(from: unborn)?.headCommit() == nil)
    }

    @Test("a work-tree file is its blob only when its git blob id matches")
    func workTreeBlob() throws {
        let tmp = TemporaryDirectory()
        defer { tmp.remove() }
        let text = String(repeating: "a line of text that spans more than one SHA-1 block\n", count: 40)
        let fixture = GitFixture.make(in: tmp, files: ["a.txt": text, "empty.txt": ""])
        let repository = try Repository.discover(at: fixture.path)
        let files = try #require(RepositoryFiles.locate(from: fixture.path))
        for path in ["a.txt", "empty.txt"] {
            let id = try #require(try repository.listTree(at: "HEAD").first { $0.path == path }?.id)
            #expect(BlobHash.id(of: [UInt8](try repository.blob(id))) == id)
            #expect(files.blob(id, at: path) == [UInt8](try repository.blob(id)))
        }
        let id = try #require(try repository.listTree(at: "HEAD").first { $0.path == "a.txt" }?.id)
        try "edited\n".write(toFile: fixture.path + "/a.txt", atomically: true, encoding: .utf8)
        #expect(files.blob(id, at: "a.txt") == nil)
        #expect(files.blob(id, at: "../a.txt") == nil)
    }
}
