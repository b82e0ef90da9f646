import Foundation
import Testing
import XenPTTestSupport

/// The GitHub Action, the GitLab template and the pre-commit hooks, run as their CI would run
/// them: `Tests/Integrations/run.py` reads each definition with PyYAML and executes its exact
/// `run:`, `script:` and `entry:` lines against the examples with the built `xenpt`. The list
/// of checks it prints is pinned, so a check that stops running fails here.
///
/// Needs `python3` with PyYAML and `git` (the GitLab job fetches xenpt from this checkout's
/// committed HEAD); without them it skips with a notice, except under `CI=true`.
@Suite struct CIIntegrationTests {
    @Test func actionGitLabTemplateAndPreCommitHooksRunAgainstTheExamples() throws {
        let probe = try? Subprocess.run("python3", args: ["-c", "import yaml"])
        let git = try? Subprocess.run("git", args: ["-C", packageRoot.path, "rev-parse", "HEAD"])
        guard probe?.status == 0, git?.status == 0 else {
            if isCI {
                Issue.record("python3 with PyYAML and a git checkout are needed to run the CI integrations")
            } else {
                print("SKIP: python3 with PyYAML, or a git checkout, is missing; the CI integrations are not exercised")
            }
            return
        }
        let result = try Subprocess.run("python3", args: [
            packageRoot.appendingPathComponent("Tests/Integrations/run.py").path, xenptExecutable, packageRoot.path,
        ])
        #expect(result.status == 0, "\(result.stdoutText)\(result.stderrText)")
        Golden.assertMatches(actual: result.stdoutText, goldenPath: "Tests/Integrations/expected.txt")
    }
}
