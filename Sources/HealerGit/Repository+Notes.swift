// Notes on any reference (not only refs/notes/*), written as commits and moved with compare-and-swap.
import CLibGit2

extension Repository {
    /// The note on `object` in the notes commit `notesCommit`, or `nil` when it has none.
    package func note(on object: ObjectID, inNotesCommit notesCommit: ObjectID) throws(GitError) -> String? {
        try withCommit(notesCommit) { commit throws(GitError) in
            var note: OpaquePointer?
            var oid = object.oid
            let result = git_note_commit_read(&note, handle, commit, &oid)
            if result == GIT_ENOTFOUND.rawValue { return nil }
            try check(result, "cannot read the note on \(object.short)")
            defer { git_note_free(note) }
            return git_note_message(note).map { String(cString: $0) } ?? ""
        }
    }

    /// The raw bytes of the note on `object`, read from the notes tree (keeps NUL bytes intact).
    package func noteBlob(on object: ObjectID, inNotesCommit notesCommit: ObjectID) throws(GitError) -> ObjectID? {
        try withCommit(notesCommit) { commit throws(GitError) in
            var note: OpaquePointer?
            var oid = object.oid
            let result = git_note_commit_read(&note, handle, commit, &oid)
            if result == GIT_ENOTFOUND.rawValue { return nil }
            try check(result, "cannot read the note on \(object.short)")
            defer { git_note_free(note) }
            return ObjectID(git_note_id(note))
        }
    }

    /// Every note in a notes commit: the annotated object and the note's blob.
    package func notes(inNotesCommit notesCommit: ObjectID) throws(GitError) -> [(object: ObjectID, blob: ObjectID)] {
        try withCommit(notesCommit) { commit throws(GitError) in
            var iterator: OpaquePointer?
            let created = git_note_commit_iterator_new(&iterator, commit)
            if created == GIT_ENOTFOUND.rawValue { return [] }
            try check(created, "cannot list notes in \(notesCommit.short)")
            defer { git_note_iterator_free(iterator) }
            var result: [(object: ObjectID, blob: ObjectID)] = []
            var noteID = git_oid(), annotated = git_oid()
            while true {
                let status = git_note_next(&noteID, &annotated, iterator)
                if status == GIT_ITEROVER.rawValue { break }
                try check(status, "cannot list notes in \(notesCommit.short)")
                result.append((ObjectID(annotated), ObjectID(noteID)))
            }
            return result
        }
    }

    /// Writes a notes commit whose tree is `parent`'s plus the note `content` on `object`,
    /// with `message` as its commit message. No reference moves: pair it with
    /// ``updateReference(_:to:expected:message:)`` for a compare-and-swap write.
    ///
    /// `git_note_create` would force-update its notes ref (last writer wins), so the commit is
    /// built with `git_note_commit_create` and re-written with the given message.
    package func createNotesCommit(parent: ObjectID?, annotating object: ObjectID, content: String, message: String) throws(GitError) -> ObjectID {
        let signature = try signature()
        defer { git_signature_free(signature) }
        var parentHandle: OpaquePointer?
        if let parent {
            var oid = parent.oid
            try check(git_commit_lookup(&parentHandle, handle, &oid), "notes commit \(parent.short) does not exist")
        }
        defer { git_commit_free(parentHandle) }
        var commitOut = git_oid(), blobOut = git_oid()
        var target = object.oid
        try check(
            git_note_commit_create(&commitOut, &blobOut, handle, parentHandle, signature, signature, &target, content, 1),
            "cannot write the note on \(object.short)"
        )
        let generated = try commit(ObjectID(commitOut))
        return try createCommit(tree: generated.tree, parents: parent.map { [$0] } ?? [], message: message)
    }
}
