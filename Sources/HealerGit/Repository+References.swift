// Reading references and moving them with compare-and-swap.
import CLibGit2

extension Repository {
    /// The commit or object a reference points to, or `nil` when it does not exist.
    package func reference(_ name: String) throws(GitError) -> ObjectID? {
        var oid = git_oid()
        let result = git_reference_name_to_id(&oid, handle, name)
        if result == GIT_ENOTFOUND.rawValue { return nil }
        try check(result, "cannot read reference '\(name)'")
        return ObjectID(oid)
    }

    /// The references whose names match a glob (`refs/healer/runs/*`), with their targets, sorted by name.
    package func references(matching glob: String) throws(GitError) -> [(name: String, target: ObjectID)] {
        var iterator: OpaquePointer?
        try check(git_reference_iterator_glob_new(&iterator, handle, glob), "cannot list references matching '\(glob)'")
        defer { git_reference_iterator_free(iterator) }
        var result: [(name: String, target: ObjectID)] = []
        var ref: OpaquePointer?
        while true {
            let status = git_reference_next(&ref, iterator)
            if status == GIT_ITEROVER.rawValue { break }
            try check(status, "cannot list references matching '\(glob)'")
            guard let ref else { continue }
            defer { git_reference_free(ref) }
            if let target = git_reference_target(ref) {
                result.append((String(cString: git_reference_name(ref)), ObjectID(target)))
            }
        }
        return result.sorted { $0.name < $1.name }
    }

    /// Moves (or creates, or deletes) a reference only if it still has the expected value.
    ///
    /// - Parameters:
    ///   - name: the full reference name.
    ///   - newValue: the new target, or `nil` to delete the reference.
    ///   - expected: the value the reference must have now; `nil` means it must not exist.
    /// - Throws: ``GitError/Code/referenceModified`` (or ``GitError/Code/alreadyExists``) when
    ///   another writer moved it first: read it again and retry.
    package func updateReference(_ name: String, to newValue: ObjectID?, expected: ObjectID?, message: String) throws(GitError) {
        guard let newValue else {
            guard let expected else { return }
            var ref: OpaquePointer?
            let lookup = git_reference_lookup(&ref, handle, name)
            if lookup == GIT_ENOTFOUND.rawValue { throw GitError(.referenceModified, "reference '\(name)' was deleted by another writer") }
            try check(lookup, "cannot read reference '\(name)'")
            defer { git_reference_free(ref) }
            guard let target = git_reference_target(ref), ObjectID(target) == expected else {
                throw GitError(.referenceModified, "reference '\(name)' moved while healer was updating it; run the command again")
            }
            try check(git_reference_delete(ref), "cannot delete reference '\(name)'")
            return
        }
        var ref: OpaquePointer?
        var target = newValue.oid
        let result: Int32
        if var current = expected?.oid {
            result = git_reference_create_matching(&ref, handle, name, &target, 1, &current, message)
        } else {
            result = git_reference_create_matching(&ref, handle, name, &target, 0, nil, message)
        }
        git_reference_free(ref)
        if result == GIT_EMODIFIED.rawValue || result == GIT_EEXISTS.rawValue {
            throw GitError(.referenceModified, "reference '\(name)' moved while healer was updating it; run the command again", libgit2Code: result)
        }
        try check(result, "cannot update reference '\(name)'")
    }
}
