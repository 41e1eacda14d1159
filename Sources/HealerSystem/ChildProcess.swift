// posix_spawn of a child in its own process group, with its output on pipes and stdin fed or from /dev/null.

import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A started child process: its pid (which is also its process group id) and the parent's ends of its pipes.
package struct ChildProcess {
    let pid: pid_t
    /// The read end of the pipe that carries the child's standard output (and its standard error
    /// unless that is kept apart).
    let output: Int32
    /// The read end of the child's standard error pipe when it is kept apart, else -1.
    let errors: Int32
    /// The write end of the child's standard input pipe when input is fed, else -1 (stdin is /dev/null).
    let input: Int32

    /// Starts `arguments` in `directory` with `environment`, as the leader of a new process group.
    ///
    /// Foundation's `Process` cannot put the child in its own group, and a group is what lets a
    /// timeout stop the command together with everything it started.
    static func spawn(
        arguments: [String], directory: String, environment: [String: String],
        separateErrors: Bool = false, feedsInput: Bool = false
    ) throws(ExecutionError) -> ChildProcess {
        let (name, executable) = try locate(arguments, directory: directory, path: environment["PATH"])
        let pipes = try ChildPipes(for: name, separateErrors: separateErrors, feedsInput: feedsInput)

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        let (path, spawnArguments) = addFileActions(
            &actions, pipes: pipes, directory: directory, executable: executable, arguments: arguments)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        setNewGroupWithDefaultSignals(&attributes)

        let environmentLines = environment.map { "\($0.key)=\($0.value)" }
        var pid: pid_t = 0
        let status = withCStringArray(spawnArguments) { argv in
            withCStringArray(environmentLines) { envp in
                posix_spawn(&pid, path, &actions, &attributes, argv, envp)
            }
        }
        pipes.closeChildEnds()
        guard status == 0 else {
            pipes.closeParentEnds()
            throw ExecutionError(
                .spawnFailed, "cannot start `\(name)` (\(executable))",
                fix: "check that it exists and is executable", errno: status)
        }
        return ChildProcess(pid: pid, output: pipes.output.read, errors: pipes.errors?.read ?? -1, input: pipes.input?.write ?? -1)
    }

    /// The command's name and the executable that runs it, after checking the working directory.
    private static func locate(
        _ arguments: [String], directory: String, path: String?
    ) throws(ExecutionError) -> (name: String, executable: String) {
        guard let name = arguments.first else {
            throw ExecutionError(.spawnFailed, "cannot run an empty command", fix: "give a command to run")
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue
        else {
            throw ExecutionError(
                .spawnFailed, "cannot run `\(name)`: working directory \(directory) does not exist",
                fix: "create the directory or correct the path")
        }
        guard let executable = resolveExecutable(name, path: path) else {
            throw ExecutionError(
                .spawnFailed, "cannot run `\(name)`: command not found on PATH",
                fix: "install it or put its directory on PATH")
        }
        return (name, executable)
    }

    /// Wires the child's standard streams to `pipes` (stdin to /dev/null when no input is fed),
    /// closes its other descriptors and sets its directory; returns the path and arguments to spawn.
    private static func addFileActions(
        _ actions: inout posix_spawn_file_actions_t, pipes: ChildPipes, directory: String,
        executable: String, arguments: [String]
    ) -> (path: String, arguments: [String]) {
        if let input = pipes.input {
            posix_spawn_file_actions_adddup2(&actions, input.read, 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        posix_spawn_file_actions_adddup2(&actions, pipes.output.write, 1)
        posix_spawn_file_actions_adddup2(&actions, pipes.errors?.write ?? pipes.output.write, 2)
        // Descriptors that other threads opened without O_CLOEXEC must not leak into the child.
        if let addClosefrom = SpawnExtensions.addClosefrom {
            _ = addClosefrom(&actions, 3)
        }
        if let addChdir = SpawnExtensions.addChdir {
            _ = directory.withCString { addChdir(&actions, $0) }
            return (executable, arguments)
        }
        // Without glibc's addchdir_np, let a shell change directory and exec the command.
        return ("/bin/sh", ["/bin/sh", "-c", "cd -- \"$0\" && exec \"$@\"", directory, executable] + arguments.dropFirst())
    }

    /// Makes the child lead a new process group with every signal at its default and none blocked.
    private static func setNewGroupWithDefaultSignals(_ attributes: inout posix_spawnattr_t) {
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        posix_spawnattr_setpgroup(&attributes, 0)
        // The Swift runtime and test runners may ignore SIGPIPE; the command must get the defaults.
        var defaultSignals = sigset_t()
        sigfillset(&defaultSignals)
        posix_spawnattr_setsigdefault(&attributes, &defaultSignals)
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
    }

    /// Creates a pipe whose ends are closed on exec, atomically where glibc's `pipe2` exists.
    package static func makePipe(purpose: String) throws(ExecutionError) -> (read: Int32, write: Int32) {
        var ends: [Int32] = [-1, -1]
        let status: Int32
        if let pipe2 = SpawnExtensions.pipe2 {
            status = pipe2(&ends, O_CLOEXEC)
        } else {
            status = pipe(&ends)
            if status == 0 {
                _ = fcntl(ends[0], F_SETFD, FD_CLOEXEC)
                _ = fcntl(ends[1], F_SETFD, FD_CLOEXEC)
            }
        }
        guard status == 0 else {
            throw ExecutionError(.systemCallFailed, "cannot create a pipe \(purpose)", errno: errno)
        }
        return (ends[0], ends[1])
    }

    /// Finds an executable the way `execvp` would, but with the child's `PATH`.
    package static func resolveExecutable(_ name: String, path: String?) -> String? {
        if name.contains("/") {
            return access(name, X_OK) == 0 ? name : nil
        }
        let directories = (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":", omittingEmptySubsequences: false)
        for directory in directories {
            let candidate = (directory.isEmpty ? "." : String(directory)) + "/" + name
            var info = stat()
            if stat(candidate, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, access(candidate, X_OK) == 0 {
                return candidate
            }
        }
        return nil
    }

    /// Calls `body` with a NULL-terminated C array of the strings, valid only during the call.
    private static func withCStringArray<R>(
        _ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> R
    ) -> R {
        let pointers = strings.map { strdup($0) } + [nil]
        defer { pointers.forEach { free($0) } }
        return body(pointers)
    }
}

/// The pipes of one child: output always, standard error and input when asked for.
private struct ChildPipes {
    let output: (read: Int32, write: Int32)
    let errors: (read: Int32, write: Int32)?
    let input: (read: Int32, write: Int32)?

    init(for name: String, separateErrors: Bool, feedsInput: Bool) throws(ExecutionError) {
        output = try ChildProcess.makePipe(purpose: "for the output of `\(name)`")
        var errors: (read: Int32, write: Int32)?
        var input: (read: Int32, write: Int32)?
        do {
            if separateErrors { errors = try ChildProcess.makePipe(purpose: "for the errors of `\(name)`") }
            if feedsInput { input = try ChildProcess.makePipe(purpose: "for the input of `\(name)`") }
        } catch {
            for end in [output.read, output.write, errors?.read, errors?.write].compactMap({ $0 }) { close(end) }
            throw error
        }
        self.errors = errors
        self.input = input
        // The supervisor writes input only as far as the child reads it.
        if let input { _ = fcntl(input.write, F_SETFL, fcntl(input.write, F_GETFL) | O_NONBLOCK) }
    }

    /// Closes the ends the child inherited, once it has started (or failed to).
    func closeChildEnds() {
        for end in [output.write, errors?.write, input?.read].compactMap({ $0 }) { close(end) }
    }

    /// Closes the parent's ends, when the child could not start.
    func closeParentEnds() {
        for end in [output.read, errors?.read, input?.write].compactMap({ $0 }) { close(end) }
    }
}

/// glibc's `pipe2` and `_np` spawn extensions, which the Glibc module does not import (it lacks _GNU_SOURCE).
private enum SpawnExtensions {
    typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
    typealias AddClosefrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32

    static let pipe2: Pipe2? = symbol("pipe2")
    static let addChdir: AddChdir? = symbol("posix_spawn_file_actions_addchdir_np")
    static let addClosefrom: AddClosefrom? = symbol("posix_spawn_file_actions_addclosefrom_np")

    private static func symbol<T>(_ name: String) -> T? {
        guard let handle = dlopen(nil, RTLD_NOW), let address = dlsym(handle, name) else { return nil }
        return unsafeBitCast(address, to: T.self)
    }
}
