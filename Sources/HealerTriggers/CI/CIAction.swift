// What `healer ci` should do for the event that started the job.
import HealerHeal
import HealerWorkspace

/// What `healer ci` does for one CI event.
package enum CIAction: Sendable, Equatable {
    /// A labelled pull/merge request: create its run (request = title and body) on `branch`, or
    /// advance the run that branch already has. `reference` is the PR/MR's URL (or `#N`/`!N`).
    case createOrAdvanceRun(branch: String, title: String, body: String, reference: String)
    /// A red pipeline on the default branch (or an explicit request): run the Verifier on `sha`.
    case verify(branch: String, sha: String)
    /// Nothing to do, and why (printed, and the job succeeds).
    case nothing(reason: String)
}
